package io.kosmos.mqtt.message;

import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisResult;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class ResultMessageWriterTests {

	private static final Instant RECEIVED = Instant.parse("2024-05-01T10:00:00.123Z");

	private static final Instant MADE = Instant.parse("2024-05-01T10:00:00.456Z");

	private final ResultMessageWriter writer = new ResultMessageWriter("tool-a", "wear", "v2");

	private final SchemaValidator validator = new SchemaValidator();

	private final Trigger trigger = new Trigger("c1", "mill-1", "spindle", TriggerType.SENSOR_UPDATE, RECEIVED,
			new io.kosmos.mqtt.handler.AnalysisInput.TableInput(Table.create("t"), List.of()), List.of(), null);

	@Test
	void timeSeriesMessageHasEveryBodyField() {
		Table table = Table.create("r", DoubleColumn.create("x", 0.1, -312.15500000000003, Double.NaN),
				StringColumn.create("label", "a", "ü", "c"));

		ObjectNode message = this.writer.write(this.trigger, RECEIVED, AnalysisResult.timeSeries(table), MADE);

		JsonNode body = message.get("body");
		assertThat(body.get("from").stringValue()).isEqualTo("tool-a");
		assertThat(body.get("model").get("url").stringValue()).isEqualTo("wear");
		assertThat(body.get("model").get("tag").stringValue()).isEqualTo("v2");
		assertThat(body.get("timestamp").stringValue()).isEqualTo("2024-05-01T10:00:00.456Z");
		assertThat(body.get("type").stringValue()).isEqualTo("time_series");
		assertThat(body.get("calculated").get("message").get("machine").stringValue()).isEqualTo("mill-1");
		assertThat(body.get("calculated").get("message").get("sensor").stringValue()).isEqualTo("spindle");
		assertThat(body.get("calculated").get("received").stringValue()).isEqualTo("2024-05-01T10:00:00.123Z");
		assertThat(this.validator.violations(message, MessageSchema.ANALYSIS)).isEmpty();
	}

	@Test
	void numbersReadBackToSameDouble() {
		double[] values = { 0.1, -312.15500000000003, 1e-300, Double.MAX_VALUE, -0.0, Double.NaN, 1.0 / 3 };
		Table table = Table.create("r", DoubleColumn.create("x", values));

		JsonNode data = this.writer.write(this.trigger, RECEIVED, AnalysisResult.timeSeries(table), MADE)
			.get("body").get("results").get("data").get(0);

		for (int i = 0; i < values.length; i++) {
			double back = Double.parseDouble(data.get(i).stringValue());
			assertThat(Double.doubleToRawLongBits(back)).as("value %s", values[i])
				.isEqualTo(Double.doubleToRawLongBits(values[i]));
		}
	}

	@Test
	void instantColumnWrittenAsRfc3339Utc() {
		InstantColumn time = InstantColumn.create("time");
		time.append(Instant.parse("2024-05-01T10:00:00.5Z"));
		Table table = Table.create("r", time);

		JsonNode results = this.writer.write(this.trigger, RECEIVED, AnalysisResult.timeSeries(table), MADE)
			.get("body").get("results");

		assertThat(results.get("columns").get(0).get("type").stringValue()).isEqualTo("rfctime");
		assertThat(results.get("data").get(0).get(0).stringValue()).isEqualTo("2024-05-01T10:00:00.500Z");
	}

	@Test
	void allowedValuesWrittenPerColumn() {
		Table table = Table.create("r", StringColumn.create("verdict", "ok"));
		AnalysisResult result = AnalysisResult.timeSeries(table).withAllowedValues("verdict", List.of("ok", "worn"));

		ObjectNode message = this.writer.write(this.trigger, RECEIVED, result, MADE);

		JsonNode column = message.get("body").get("results").get("columns").get(0);
		assertThat(column.get("allowed_values").get(1).stringValue()).isEqualTo("worn");
		assertThat(this.validator.violations(message, MessageSchema.ANALYSIS)).isEmpty();
	}

	@Test
	void textAndMultipleResultsMatchSchema() {
		AnalysisResult text = new AnalysisResult.Text("worn", 0.93, List.of(new AnalysisResult.TextPart("mill-1",
				"worn", 0.93, List.of(new AnalysisResult.SensorPart("spindle", "worn", 0.93)))));
		AnalysisResult multiple = AnalysisResult.multipleTimeSeries(
				List.of(Table.create("a", DoubleColumn.create("x", 1.0)), Table.create("b", StringColumn.create("y", "z"))));

		ObjectNode textMessage = this.writer.write(this.trigger, RECEIVED, text, MADE);
		ObjectNode multipleMessage = this.writer.write(this.trigger, RECEIVED, multiple, MADE);

		assertThat(textMessage.get("body").get("type").stringValue()).isEqualTo("text");
		assertThat(this.validator.violations(textMessage, MessageSchema.ANALYSIS)).isEmpty();
		assertThat(multipleMessage.get("body").get("results").size()).isEqualTo(2);
		assertThat(this.validator.violations(multipleMessage, MessageSchema.ANALYSIS)).isEmpty();
	}

	@Test
	void streamedMessageEqualsTreeForEveryKind() {
		Table table = Table.create("r", InstantColumn.create("t", new Instant[] { Instant.parse("2024-05-01T10:00:00Z"),
				Instant.parse("1960-01-01T00:00:00.5Z") }), DoubleColumn.create("v", 0.1 + 0.2, -0.0),
				StringColumn.create("s", "Störung ✓", "a\"b\\c\n"));
		List<AnalysisResult> results = List.of(
				AnalysisResult.timeSeries(table).withAllowedValues("s", List.of("Störung ✓", "ok")),
				AnalysisResult.multipleTimeSeries(List.of(table, table)),
				new AnalysisResult.Text("stop", 80.5, List.of(new AnalysisResult.TextPart("m", "stop", 90,
						List.of(new AnalysisResult.SensorPart("s", "stop", 100))))));
		for (AnalysisResult result : results) {
			byte[] streamed = this.writer.writeBytes(this.trigger, RECEIVED, result, MADE);
			JsonNode tree = this.writer.write(this.trigger, RECEIVED, result, MADE);
			assertThat(MAPPER.readTree(streamed)).isEqualTo(tree);
			assertThat(new String(streamed, java.nio.charset.StandardCharsets.UTF_8))
				.isEqualTo(MAPPER.writeValueAsString(tree));
		}
	}

	@Test
	void timeSeriesResultReadsBackAsSameTable() {
		double[] values = { 0.1 + 0.2, -312.15500000000003, 1e-300, Double.MAX_VALUE, -0.0, Double.NaN, 1.0 / 3 };
		Instant[] instants = new Instant[values.length];
		for (int i = 0; i < instants.length; i++) {
			instants[i] = Instant.parse("2024-05-01T10:00:00Z").plusMillis(i * 1001L);
		}
		Table table = Table.create("r", InstantColumn.create("t", instants), DoubleColumn.create("v", values));
		byte[] message = this.writer.writeBytes(this.trigger, RECEIVED, AnalysisResult.timeSeries(table), MADE);
		String trigger = "{\"body\": {\"contract\": \"c1\", \"machine\": \"m\", \"sensor\": \"s\", "
				+ "\"type\": \"analyse_result\", \"payload\": "
				+ new String(message, java.nio.charset.StandardCharsets.UTF_8) + "}}";

		Trigger read = new TriggerReader(MAPPER, this.validator)
			.read(trigger.getBytes(java.nio.charset.StandardCharsets.UTF_8));

		DoubleColumn v = read.table().doubleColumn("v");
		for (int i = 0; i < values.length; i++) {
			assertThat(Double.doubleToLongBits(v.getDouble(i))).isEqualTo(Double.doubleToLongBits(values[i]));
			assertThat(((InstantColumn) read.table().column("t")).get(i)).isEqualTo(instants[i]);
		}
		assertThat(read.previous().from()).isEqualTo("tool-a");
		assertThat(read.previous().calculatedReceived()).isEqualTo(RECEIVED);
	}

	@Test
	void outlineHoldsAtMostOneValuePerColumn() {
		Table table = Table.create("r", DoubleColumn.create("v", 1, 2, 3), StringColumn.create("s", "a", "b", "c"));
		ObjectNode outline = this.writer.write(this.trigger, RECEIVED, AnalysisResult.timeSeries(table), MADE, true);
		assertThat(outline.get("body").get("results").get("data").get(0).size()).isEqualTo(1);
		assertThat(this.validator.violations(outline, MessageSchema.ANALYSIS)).isEmpty();
	}

	private static final tools.jackson.databind.ObjectMapper MAPPER = tools.jackson.databind.json.JsonMapper.builder()
		.build();

}
