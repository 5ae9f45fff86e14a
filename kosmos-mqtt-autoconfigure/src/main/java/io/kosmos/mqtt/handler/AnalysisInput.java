package io.kosmos.mqtt.handler;

import java.util.List;

import io.kosmos.mqtt.message.ColumnMetadata;
import io.kosmos.mqtt.message.ResultType;
import tech.tablesaw.api.Table;

/**
 * The data a trigger carries for the handler, in one of three shapes. Most handlers do
 * not need this type: {@link AnalysisRequest#table()} returns the table of a sensor
 * update or a time series, {@link AnalysisRequest#tables()} every table of any input, and
 * {@link AnalysisRequest#text()} a text input. Test it when a tool reads several input
 * kinds:
 *
 * <pre>{@code
 * if (request.input() instanceof AnalysisInput.TextInput text) {
 *     return react(text.text().total());
 * }
 * for (Table table : request.tables()) { ... }
 * }</pre>
 */
public sealed interface AnalysisInput
		permits AnalysisInput.TableInput, AnalysisInput.TablesInput, AnalysisInput.TextInput {

	/**
	 * Returns the result kind this input would have as an analysis result.
	 * @return {@code TIME_SERIES} for a table (also for a sensor update),
	 * {@code MULTIPLE_TIME_SERIES} or {@code TEXT}
	 */
	ResultType kind();

	/**
	 * One table: a sensor update's data, or a previous tool's {@code time_series}.
	 *
	 * @param table the data, one Tablesaw column per KOSMoS column ({@code number} as a
	 * {@code DoubleColumn}, {@code string} as a {@code StringColumn}, {@code rfctime} as
	 * an {@code InstantColumn})
	 * @param columns the description of each column, in table order
	 */
	record TableInput(Table table, List<ColumnMetadata> columns) implements AnalysisInput {

		public TableInput {
			if (table == null) {
				throw new IllegalArgumentException("A table input needs a table, got null");
			}
			columns = List.copyOf(columns);
		}

		@Override
		public ResultType kind() {
			return ResultType.TIME_SERIES;
		}

	}

	/**
	 * Several tables: a previous tool's {@code multiple_time_series}.
	 *
	 * @param series the tables, in message order, at least one
	 */
	record TablesInput(List<TableInput> series) implements AnalysisInput {

		public TablesInput {
			if (series == null || series.isEmpty()) {
				throw new IllegalArgumentException("A multiple time series input needs at least one table");
			}
			series = List.copyOf(series);
		}

		@Override
		public ResultType kind() {
			return ResultType.MULTIPLE_TIME_SERIES;
		}

	}

	/**
	 * A verdict: a previous tool's {@code text} result.
	 *
	 * @param text the verdict with its score and parts, as the previous tool sent it
	 */
	record TextInput(AnalysisResult.Text text) implements AnalysisInput {

		public TextInput {
			if (text == null) {
				throw new IllegalArgumentException("A text input needs a text result, got null");
			}
		}

		@Override
		public ResultType kind() {
			return ResultType.TEXT;
		}

	}

}
