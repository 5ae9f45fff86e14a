package io.kosmos.mqtt.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.MessageSchema;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The message layer on triggers and results of 10×3, 10,000×5 and 100,000×5 values
 * (rows × columns: one rfctime column, numbers, and one string column).
 *
 * <ul>
 * <li>{@code readTrigger}: parse + validate (code checks and JSON Schemas) + convert into
 * a Tablesaw table, as the tool does with every trigger;</li>
 * <li>{@code writeResult}: build + validate (schema on the outline) + serialise a
 * {@code time_series} result of the same size, the tool's path when no
 * {@code ResultMessageCustomizer} is declared;</li>
 * <li>{@code writeResultTree}: the same through a full JSON tree, the path taken when a
 * {@code ResultMessageCustomizer} needs the tree.</li>
 * </ul>
 *
 * <p>Run: {@code mvn -pl benchmarks -am package -DskipTests && java -jar
 * benchmarks/target/benchmarks.jar MessageBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
@State(Scope.Benchmark)
public class MessageBenchmark {

	private static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

	@Param({ "10x3", "10000x5", "100000x5" })
	public String size;

	private final ObjectMapper objectMapper = JsonMapper.builder().build();

	private final SchemaValidator validator = new SchemaValidator();

	private final TriggerReader reader = new TriggerReader(this.objectMapper, this.validator);

	private final ResultMessageWriter writer = new ResultMessageWriter("bench", "bench", "v1");

	private byte[] triggerBytes;

	private Trigger trigger;

	private AnalysisResult result;

	@Setup
	public void setUp() {
		String[] parts = this.size.split("x");
		int rows = Integer.parseInt(parts[0]);
		int columns = Integer.parseInt(parts[1]);
		this.triggerBytes = trigger(rows, columns).getBytes(StandardCharsets.UTF_8);
		this.trigger = this.reader.read(this.triggerBytes);
		this.result = AnalysisResult.timeSeries(table(rows, columns));
	}

	@Benchmark
	public Trigger readTrigger() {
		return this.reader.read(this.triggerBytes);
	}

	@Benchmark
	public byte[] writeResult() {
		Instant now = Instant.now();
		ObjectNode outline = this.writer.write(this.trigger, START, this.result, now, true);
		if (!this.validator.violations(outline, MessageSchema.ANALYSIS).isEmpty()) {
			throw new IllegalStateException("invalid result");
		}
		return this.writer.writeBytes(this.trigger, START, this.result, now);
	}

	@Benchmark
	public byte[] writeResultTree() {
		ObjectNode message = this.writer.write(this.trigger, START, this.result, Instant.now());
		if (!this.validator.violations(message, MessageSchema.ANALYSIS).isEmpty()) {
			throw new IllegalStateException("invalid result");
		}
		return this.objectMapper.writeValueAsBytes(message);
	}

	/** A sensor update trigger: time (rfctime), columns - 2 numbers, state (string). */
	static String trigger(int rows, int columns) {
		StringBuilder json = new StringBuilder(rows * columns * 24 + 1024);
		json.append("{\"body\":{\"contract\":\"c4711\",\"machine\":\"mill-1\",\"sensor\":\"spindle\",")
			.append("\"type\":\"sensor_update\",\"payload\":{\"body\":{\"timestamp\":\"2024-01-01T00:00:00Z\",\"columns\":[");
		json.append("{\"name\":\"time\",\"type\":\"rfctime\",\"meta\":{\"unit\":\"\"}}");
		for (int c = 1; c < columns - 1; c++) {
			json.append(",{\"name\":\"value").append(c).append("\",\"type\":\"number\",\"meta\":{\"unit\":\"mm\"}}");
		}
		json.append(",{\"name\":\"state\",\"type\":\"string\",\"meta\":{\"unit\":\"\"}}],\"data\":[");
		for (int c = 0; c < columns; c++) {
			json.append((c > 0) ? ",[" : "[");
			for (int r = 0; r < rows; r++) {
				if (r > 0) {
					json.append(',');
				}
				json.append('"');
				if (c == 0) {
					json.append(START.plusMillis(r * 10L + 1));
				}
				else if (c == columns - 1) {
					json.append((r % 7 == 0) ? "warning" : "running");
				}
				else {
					json.append(Math.sin(r * 0.001 * c) * 500);
				}
				json.append('"');
			}
			json.append(']');
		}
		json.append("]}}}}");
		return json.toString();
	}

	static Table table(int rows, int columns) {
		Column<?>[] result = new Column<?>[columns];
		InstantColumn time = InstantColumn.create("time", rows);
		StringColumn state = StringColumn.create("state");
		for (int r = 0; r < rows; r++) {
			time.set(r, START.plusMillis(r * 10L + 1));
			state.append((r % 7 == 0) ? "warning" : "running");
		}
		result[0] = time;
		for (int c = 1; c < columns - 1; c++) {
			double[] values = new double[rows];
			for (int r = 0; r < rows; r++) {
				values[r] = Math.sin(r * 0.001 * c) * 500;
			}
			result[c] = DoubleColumn.create("value" + c, values);
		}
		result[columns - 1] = state;
		return Table.create("result", result);
	}



}
