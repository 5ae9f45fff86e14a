package io.kosmos.mqtt.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisResult;
import tech.tablesaw.api.Table;

/**
 * Builders for every kind of KOSMoS trigger, for tests.
 *
 * <pre class="code">
 * Table data = Table.create("spindle", DoubleColumn.create("load", 41.0, 43.5));
 * SensorUpdateTriggerBuilder trigger = KosmosTriggers.sensorUpdate(data).unit("load", "kW");
 * String contract = client.publishTrigger("kosmos/analytics/sample/v1", trigger);
 * </pre>
 */
public final class KosmosTriggers {

	private KosmosTriggers() {
	}

	/**
	 * Starts a {@code sensor_update} trigger carrying a table.
	 * @param table the data, with at least one column and one row
	 * @return the builder
	 * @throws IllegalArgumentException when the table has no columns or no rows
	 */
	public static SensorUpdateTriggerBuilder sensorUpdate(Table table) {
		return new SensorUpdateTriggerBuilder(table);
	}

	/**
	 * Starts an {@code analyse_result} trigger whose payload is a previous tool's
	 * {@code time_series} result.
	 * @param table the previous result, with at least one column
	 * @return the builder
	 */
	public static AnalyseResultTriggerBuilder timeSeriesResult(Table table) {
		return new AnalyseResultTriggerBuilder(AnalyseResultTriggerBuilder.checkedTimeSeries(table));
	}

	/**
	 * Starts an {@code analyse_result} trigger whose payload is a previous tool's
	 * {@code time_series} result with {@code allowed_values}.
	 * @param result the previous result
	 * @return the builder
	 */
	public static AnalyseResultTriggerBuilder timeSeriesResult(AnalysisResult.TimeSeries result) {
		AnalyseResultTriggerBuilder.checkedTimeSeries(result.table());
		return new AnalyseResultTriggerBuilder(result);
	}

	/**
	 * Starts an {@code analyse_result} trigger whose payload is a previous tool's
	 * {@code multiple_time_series} result.
	 * @param tables the tables, at least one, each with at least one column
	 * @return the builder
	 */
	public static AnalyseResultTriggerBuilder multipleTimeSeriesResult(Table... tables) {
		return multipleTimeSeriesResult(Arrays.asList(tables));
	}

	/**
	 * Starts an {@code analyse_result} trigger whose payload is a previous tool's
	 * {@code multiple_time_series} result.
	 * @param tables the tables, at least one, each with at least one column
	 * @return the builder
	 */
	public static AnalyseResultTriggerBuilder multipleTimeSeriesResult(List<Table> tables) {
		if (tables == null || tables.isEmpty()) {
			throw new IllegalArgumentException("A multiple_time_series result needs at least one table, got none");
		}
		List<AnalysisResult.TimeSeries> series = tables.stream()
			.map(AnalyseResultTriggerBuilder::checkedTimeSeries)
			.toList();
		return new AnalyseResultTriggerBuilder(new AnalysisResult.MultipleTimeSeries(series));
	}

	/**
	 * Starts an {@code analyse_result} trigger whose payload is a previous tool's
	 * {@code text} result without parts.
	 * @param total the verdict
	 * @param predict its score
	 * @return the builder
	 */
	public static AnalyseResultTriggerBuilder textResult(String total, double predict) {
		return textResult(AnalysisResult.text(total, predict));
	}

	/**
	 * Starts an {@code analyse_result} trigger whose payload is a previous tool's
	 * {@code text} result, with parts per machine and sensor.
	 * @param text the previous result
	 * @return the builder
	 */
	public static AnalyseResultTriggerBuilder textResult(AnalysisResult.Text text) {
		if (text == null) {
			throw new IllegalArgumentException("A text result needs a verdict, got null");
		}
		return new AnalyseResultTriggerBuilder(text);
	}

	/**
	 * Reads a whole trigger message from a JSON file, unchanged, to publish with
	 * {@link KosmosTestClient#publishTrigger(String, byte[])}.
	 * @param file the file
	 * @return the file's bytes
	 */
	public static byte[] fromFile(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read trigger file " + file.toAbsolutePath()
					+ "; check the path, which is relative to the working directory of the test", ex);
		}
	}

}
