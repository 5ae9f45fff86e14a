package io.kosmos.mqtt.message;

import java.io.ByteArrayOutputStream;
import java.time.Instant;

import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.handler.AnalysisResult.MultipleTimeSeries;
import io.kosmos.mqtt.handler.AnalysisResult.SensorPart;
import io.kosmos.mqtt.handler.AnalysisResult.Text;
import io.kosmos.mqtt.handler.AnalysisResult.TextPart;
import io.kosmos.mqtt.handler.AnalysisResult.TimeSeries;
import io.kosmos.mqtt.table.ColumnMajorTableWriter;
import io.kosmos.mqtt.table.Rfc3339;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds KOSMoS analysis messages from handler results: as a JSON tree
 * ({@link #write}), which {@link io.kosmos.mqtt.handler.ResultMessageCustomizer}s can
 * change, or straight to bytes ({@link #writeBytes}), which makes no node per value.
 */
public class ResultMessageWriter {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	/** Only creates generators; default settings, so that an application cannot change the wire format. */
	private static final ObjectMapper GENERATOR_MAPPER = JsonMapper.builder().build();

	private final String from;

	private final String modelUrl;

	private final String modelTag;

	/**
	 * Creates a writer for one tool.
	 * @param from the tool's name, written to {@code body.from}
	 * @param modelUrl the tool's model url
	 * @param modelTag the tool's model tag
	 */
	public ResultMessageWriter(String from, String modelUrl, String modelTag) {
		this.from = from;
		this.modelUrl = modelUrl;
		this.modelTag = modelTag;
	}

	/**
	 * Builds the analysis message for a trigger's result.
	 * @param trigger the trigger the result belongs to
	 * @param receivedAt when the trigger arrived
	 * @param result what the handler returned
	 * @param timestamp when the result was made
	 * @return the message, {@code body} at the top
	 * @throws IllegalArgumentException when the result cannot be written, for example an
	 * empty table
	 */
	public ObjectNode write(Trigger trigger, Instant receivedAt, AnalysisResult result, Instant timestamp) {
		return write(trigger, receivedAt, result, timestamp, false);
	}

	/**
	 * Builds the analysis message, or its outline: the same message with at most one
	 * value per column, which is all the JSON Schema looks at.
	 * @param trigger the trigger the result belongs to
	 * @param receivedAt when the trigger arrived
	 * @param result what the handler returned
	 * @param timestamp when the result was made
	 * @param outlineOnly whether to write at most one value per column
	 * @return the message, {@code body} at the top
	 */
	public ObjectNode write(Trigger trigger, Instant receivedAt, AnalysisResult result, Instant timestamp,
			boolean outlineOnly) {
		ObjectNode message = NODES.objectNode();
		ObjectNode body = message.putObject("body");
		body.put("from", this.from);

		ObjectNode model = body.putObject("model");
		model.put("url", this.modelUrl);
		model.put("tag", this.modelTag);

		body.put("timestamp", Rfc3339.format(timestamp));
		body.put("type", typeName(result));

		ObjectNode calculated = body.putObject("calculated");
		ObjectNode calculatedFrom = calculated.putObject("message");
		calculatedFrom.put("machine", trigger.machine());
		calculatedFrom.put("sensor", trigger.sensor());
		calculated.put("received", Rfc3339.format(receivedAt));

		body.set("results", writeResults(result, outlineOnly));
		return message;
	}

	/**
	 * Writes the analysis message straight to JSON bytes, without a node per value: the
	 * fast path for large results.
	 * @param trigger the trigger the result belongs to
	 * @param receivedAt when the trigger arrived
	 * @param result what the handler returned
	 * @param timestamp when the result was made
	 * @return the UTF-8 JSON of the same message {@link #write} builds
	 * @throws IllegalArgumentException when the result cannot be written
	 */
	public byte[] writeBytes(Trigger trigger, Instant receivedAt, AnalysisResult result, Instant timestamp) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(estimateSize(result));
		try (JsonGenerator generator = GENERATOR_MAPPER.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeObjectPropertyStart("body");
			generator.writeStringProperty("from", this.from);
			generator.writeObjectPropertyStart("model");
			generator.writeStringProperty("url", this.modelUrl);
			generator.writeStringProperty("tag", this.modelTag);
			generator.writeEndObject();
			generator.writeStringProperty("timestamp", Rfc3339.format(timestamp));
			generator.writeStringProperty("type", typeName(result));
			generator.writeObjectPropertyStart("calculated");
			generator.writeObjectPropertyStart("message");
			generator.writeStringProperty("machine", trigger.machine());
			generator.writeStringProperty("sensor", trigger.sensor());
			generator.writeEndObject();
			generator.writeStringProperty("received", Rfc3339.format(receivedAt));
			generator.writeEndObject();
			generator.writeName("results");
			if (result instanceof TimeSeries series) {
				ColumnMajorTableWriter.writeTo(generator, series.table(), series.allowedValues());
			}
			else if (result instanceof MultipleTimeSeries multiple) {
				generator.writeStartArray();
				for (TimeSeries series : multiple.series()) {
					ColumnMajorTableWriter.writeTo(generator, series.table(), series.allowedValues());
				}
				generator.writeEndArray();
			}
			else {
				generator.writeTree(writeText((Text) result));
			}
			generator.writeEndObject();
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	private static int estimateSize(AnalysisResult result) {
		long cells = 0;
		if (result instanceof TimeSeries series) {
			cells = (long) series.table().rowCount() * series.table().columnCount();
		}
		else if (result instanceof MultipleTimeSeries multiple) {
			for (TimeSeries series : multiple.series()) {
				cells += (long) series.table().rowCount() * series.table().columnCount();
			}
		}
		return (int) Math.min(Integer.MAX_VALUE - 16, 512 + cells * 24);
	}

	/**
	 * Returns the KOSMoS type of a result, as written to the {@code type} field.
	 * @param result the result
	 * @return {@code time_series}, {@code multiple_time_series} or {@code text}
	 */
	public static String typeName(AnalysisResult result) {
		if (result instanceof TimeSeries) {
			return "time_series";
		}
		if (result instanceof MultipleTimeSeries) {
			return "multiple_time_series";
		}
		return "text";
	}

	private static JsonNode writeResults(AnalysisResult result, boolean outlineOnly) {
		if (result instanceof TimeSeries series) {
			return ColumnMajorTableWriter.write(series.table(), series.allowedValues(), outlineOnly);
		}
		if (result instanceof MultipleTimeSeries multiple) {
			ArrayNode array = NODES.arrayNode(multiple.series().size());
			for (TimeSeries series : multiple.series()) {
				array.add(ColumnMajorTableWriter.write(series.table(), series.allowedValues(), outlineOnly));
			}
			return array;
		}
		return writeText((Text) result);
	}

	private static ObjectNode writeText(Text text) {
		ObjectNode node = NODES.objectNode();
		node.put("total", text.total());
		node.put("predict", text.predict());
		if (!text.parts().isEmpty()) {
			ArrayNode parts = node.putArray("parts");
			for (TextPart part : text.parts()) {
				ObjectNode partNode = parts.addObject();
				partNode.put("machine", part.machine());
				partNode.put("result", part.result());
				partNode.put("predict", part.predict());
				ArrayNode sensors = partNode.putArray("sensors");
				for (SensorPart sensor : part.sensors()) {
					ObjectNode sensorNode = sensors.addObject();
					sensorNode.put("sensor", sensor.sensor());
					sensorNode.put("result", sensor.result());
					sensorNode.put("predict", sensor.predict());
				}
			}
		}
		return node;
	}

}
