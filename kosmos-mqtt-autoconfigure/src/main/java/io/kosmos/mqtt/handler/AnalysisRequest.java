package io.kosmos.mqtt.handler;

import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput.TableInput;
import io.kosmos.mqtt.handler.AnalysisInput.TablesInput;
import io.kosmos.mqtt.handler.AnalysisInput.TextInput;
import io.kosmos.mqtt.message.ColumnMetadata;
import io.kosmos.mqtt.message.MessageMeta;
import io.kosmos.mqtt.message.ResultType;
import io.kosmos.mqtt.message.TriggerType;
import tech.tablesaw.api.Table;

/**
 * One trigger as the handler sees it: the data plus where it came from.
 *
 * <p>The common case stays short: for a sensor update or a previous {@code time_series}
 * result, {@link #table()} is the data and {@link #columns()} its column metadata. For a
 * previous {@code multiple_time_series} use {@link #tables()}, for a previous {@code text}
 * {@link #text()}, or test {@link #input()} directly. {@link #previous()} says which tool
 * sent an analysis result input.
 *
 * @param contract the contract id; the result is published for it
 * @param machine the machine the data belongs to
 * @param sensor the sensor the data belongs to
 * @param type whether the payload is a sensor update or a previous tool's result
 * @param triggerTopic the MQTT topic the trigger arrived on
 * @param receivedAt when the tool received the trigger
 * @param timestamp the payload's own timestamp ({@code payload.body.timestamp})
 * @param input the payload's data: a table, several tables or a text verdict
 * @param meta the payload's message-level metadata, empty when it has none (always empty
 * for an analysis result input)
 * @param previous the tool that made the input, or {@code null} for a sensor update
 */
public record AnalysisRequest(String contract, String machine, String sensor, TriggerType type,
		String triggerTopic, Instant receivedAt, Instant timestamp, AnalysisInput input, List<MessageMeta> meta,
		PreviousResult previous) {

	public AnalysisRequest {
		if (input == null) {
			throw new IllegalArgumentException("An analysis request needs an input, got null");
		}
		meta = List.copyOf(meta);
	}

	/**
	 * Returns the table of a sensor update or of a previous {@code time_series} result.
	 * @return the table, one row per data point
	 * @throws IllegalStateException when the input is several tables or a text; use
	 * {@link #tables()} or {@link #text()} then
	 */
	public Table table() {
		return tableInput().table();
	}

	/**
	 * Returns the column metadata of {@link #table()}, in table order.
	 * @return unit, description, {@code future} and allowed values of each column
	 * @throws IllegalStateException when the input is several tables or a text
	 */
	public List<ColumnMetadata> columns() {
		return tableInput().columns();
	}

	/**
	 * Returns every table of the input: one for a sensor update or time series, all of a
	 * multiple time series, none for a text.
	 * @return the tables, in message order
	 */
	public List<Table> tables() {
		if (this.input instanceof TableInput single) {
			return List.of(single.table());
		}
		if (this.input instanceof TablesInput multiple) {
			return multiple.series().stream().map(TableInput::table).toList();
		}
		return List.of();
	}

	/**
	 * Returns the verdict of a previous {@code text} result.
	 * @return the text input
	 * @throws IllegalStateException when the input is a table or several tables
	 */
	public AnalysisResult.Text text() {
		if (this.input instanceof TextInput text) {
			return text.text();
		}
		throw new IllegalStateException("This trigger's input is " + describe(this.input.kind())
				+ ", not a text result; use request.table() or request.tables()");
	}

	/**
	 * Returns the result kind of the input; a sensor update counts as {@code TIME_SERIES}.
	 * @return the kind
	 */
	public ResultType inputKind() {
		return this.input.kind();
	}

	/**
	 * Returns a copy of this request with another input, for an
	 * {@link AnalysisRequestCustomizer} that adds history or replaces the data.
	 * @param newInput the input the handler gets
	 * @return the new request
	 */
	public AnalysisRequest withInput(AnalysisInput newInput) {
		return new AnalysisRequest(this.contract, this.machine, this.sensor, this.type, this.triggerTopic,
				this.receivedAt, this.timestamp, newInput, this.meta, this.previous);
	}

	/**
	 * Returns a copy of this request with another table and column metadata.
	 * @param newTable the table the handler gets
	 * @param newColumns its column metadata
	 * @return the new request
	 */
	public AnalysisRequest withTable(Table newTable, List<ColumnMetadata> newColumns) {
		return withInput(new TableInput(newTable, newColumns));
	}

	/**
	 * Returns a copy of this request with other message-level metadata.
	 * @param newMeta the metadata the handler gets
	 * @return the new request
	 */
	public AnalysisRequest withMeta(List<MessageMeta> newMeta) {
		return new AnalysisRequest(this.contract, this.machine, this.sensor, this.type, this.triggerTopic,
				this.receivedAt, this.timestamp, this.input, newMeta, this.previous);
	}

	private TableInput tableInput() {
		if (this.input instanceof TableInput single) {
			return single;
		}
		throw new IllegalStateException("This trigger's input is " + describe(this.input.kind())
				+ ", not one table; use " + ((this.input instanceof TextInput) ? "request.text()" : "request.tables()"));
	}

	private static String describe(ResultType kind) {
		return switch (kind) {
			case TIME_SERIES -> "one table";
			case MULTIPLE_TIME_SERIES -> "a multiple_time_series result";
			case TEXT -> "a text result";
		};
	}

}
