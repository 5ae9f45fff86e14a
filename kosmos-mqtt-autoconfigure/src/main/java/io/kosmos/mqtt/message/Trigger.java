package io.kosmos.mqtt.message;

import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.PreviousResult;
import tech.tablesaw.api.Table;

/**
 * A parsed and validated trigger.
 *
 * @param contract the contract id the result is published for
 * @param machine the machine of the data
 * @param sensor the sensor of the data
 * @param type what the payload is
 * @param timestamp the payload's own timestamp
 * @param input the payload's data: one table, several tables or a text verdict
 * @param meta the payload's message-level metadata, empty for an analysis result
 * @param previous the tool that made an analysis result payload, {@code null} for a
 * sensor update
 */
public record Trigger(String contract, String machine, String sensor, TriggerType type, Instant timestamp,
		AnalysisInput input, List<MessageMeta> meta, PreviousResult previous) {

	public Trigger {
		meta = List.copyOf(meta);
	}

	/**
	 * Returns this trigger without its input data, for work that outlives the analysis
	 * and must not keep the tables in memory.
	 * @return a copy whose {@link #input()} is {@code null}
	 */
	public Trigger withoutInput() {
		return new Trigger(this.contract, this.machine, this.sensor, this.type, this.timestamp, null, this.meta,
				this.previous);
	}

	/**
	 * Returns the result kind of the previous tool, or {@code null} for a sensor update.
	 * @return the previous result's type
	 */
	public ResultType previousResultType() {
		return (this.previous != null) ? this.previous.type() : null;
	}

	/**
	 * Returns the table of a sensor update or a time series input.
	 * @return the table
	 * @throws IllegalStateException for other inputs
	 */
	public Table table() {
		return toRequest("", Instant.EPOCH).table();
	}

	/**
	 * Returns the column metadata of a sensor update or a time series input.
	 * @return the columns
	 * @throws IllegalStateException for other inputs
	 */
	public List<ColumnMetadata> columns() {
		return toRequest("", Instant.EPOCH).columns();
	}

	/**
	 * Builds the request the handler gets.
	 * @param triggerTopic the topic the trigger arrived on
	 * @param receivedAt when it arrived
	 * @return the request
	 */
	public AnalysisRequest toRequest(String triggerTopic, Instant receivedAt) {
		return new AnalysisRequest(this.contract, this.machine, this.sensor, this.type, triggerTopic, receivedAt,
				this.timestamp, this.input, this.meta, this.previous);
	}

}
