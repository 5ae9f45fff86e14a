package io.kosmos.mqtt.handler;

import java.util.List;
import java.util.Map;

import tech.tablesaw.api.Table;

/**
 * What an {@link AnalysisHandler} returns: one of the three KOSMoS result kinds.
 */
public sealed interface AnalysisResult
		permits AnalysisResult.TimeSeries, AnalysisResult.MultipleTimeSeries, AnalysisResult.Text {

	/**
	 * Creates a {@code time_series} result from a table.
	 * @param table the result table; numeric columns become {@code number}, instant and
	 * date-time columns {@code rfctime}, all others {@code string}
	 * @return the result
	 */
	static TimeSeries timeSeries(Table table) {
		return new TimeSeries(table, Map.of());
	}

	/**
	 * Creates a {@code multiple_time_series} result from several tables.
	 * @param tables the result tables, at least one
	 * @return the result
	 */
	static MultipleTimeSeries multipleTimeSeries(List<Table> tables) {
		return new MultipleTimeSeries(tables.stream().map(AnalysisResult::timeSeries).toList());
	}

	/**
	 * Creates a {@code text} result.
	 * @param total the overall verdict
	 * @param predict the confidence or score of the verdict
	 * @return the result
	 */
	static Text text(String total, double predict) {
		return new Text(total, predict, List.of());
	}

	/**
	 * A table result.
	 *
	 * @param table the result table
	 * @param allowedValues per column name, the values the column may take, published as
	 * the column's {@code allowed_values}
	 */
	record TimeSeries(Table table, Map<String, List<String>> allowedValues) implements AnalysisResult {

		public TimeSeries {
			if (table == null) {
				throw new IllegalArgumentException("A time series result needs a table, got null");
			}
			allowedValues = Map.copyOf(allowedValues);
		}

		/**
		 * Returns a copy of this result that publishes {@code values} as the allowed values
		 * of {@code column}.
		 * @param column the column name
		 * @param values the allowed values
		 * @return the new result
		 */
		public TimeSeries withAllowedValues(String column, List<String> values) {
			Map<String, List<String>> copy = new java.util.LinkedHashMap<>(this.allowedValues);
			copy.put(column, List.copyOf(values));
			return new TimeSeries(this.table, copy);
		}

	}

	/**
	 * Several table results, published as one {@code multiple_time_series} message.
	 *
	 * @param series the tables, at least one
	 */
	record MultipleTimeSeries(List<TimeSeries> series) implements AnalysisResult {

		public MultipleTimeSeries {
			if (series == null || series.isEmpty()) {
				throw new IllegalArgumentException("A multiple time series result needs at least one table");
			}
			series = List.copyOf(series);
		}

	}

	/**
	 * A verdict in words with a score, optionally broken down by machine and sensor.
	 *
	 * @param total the overall verdict
	 * @param predict the score of the verdict
	 * @param parts the verdicts per machine, may be empty
	 */
	record Text(String total, double predict, List<TextPart> parts) implements AnalysisResult {

		public Text {
			if (total == null) {
				throw new IllegalArgumentException("A text result needs a total, got null");
			}
			parts = List.copyOf(parts);
		}

	}

	/**
	 * The verdict for one machine in a {@link Text} result.
	 *
	 * @param machine the machine
	 * @param result the verdict
	 * @param predict the score
	 * @param sensors the verdicts per sensor, may be empty
	 */
	record TextPart(String machine, String result, double predict, List<SensorPart> sensors) {

		public TextPart {
			sensors = List.copyOf(sensors);
		}

	}

	/**
	 * The verdict for one sensor in a {@link TextPart}.
	 *
	 * @param sensor the sensor
	 * @param result the verdict
	 * @param predict the score
	 */
	record SensorPart(String sensor, String result, double predict) {
	}

}
