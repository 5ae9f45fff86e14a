package io.kosmos.mqtt.test;

import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.ResultMessageWriter;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerType;
import tech.tablesaw.api.Table;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds an {@code analyse_result} trigger: the result of a previous tool in the pipeline
 * as the next tool's input. The payload is written by the starter's own
 * {@link ResultMessageWriter}, so it is the message a kosmos-mqtt tool would publish.
 */
public final class AnalyseResultTriggerBuilder extends TriggerBuilder<AnalyseResultTriggerBuilder> {

	private final AnalysisResult result;

	private String from = "previous-tool";

	private String modelUrl = "previous";

	private String modelTag = "v1";

	private Instant timestamp = Instant.now();

	private Instant received = this.timestamp;

	AnalyseResultTriggerBuilder(AnalysisResult result) {
		this.result = result;
	}

	/**
	 * Sets the name of the previous tool (default {@code previous-tool}).
	 * @param from its {@code body.from}
	 * @return this builder
	 */
	public AnalyseResultTriggerBuilder from(String from) {
		this.from = requireText(from, "previous tool name");
		return this;
	}

	/**
	 * Sets the model of the previous tool (default {@code previous} / {@code v1}).
	 * @param url its model url
	 * @param tag its model tag
	 * @return this builder
	 */
	public AnalyseResultTriggerBuilder model(String url, String tag) {
		this.modelUrl = requireText(url, "previous model url");
		this.modelTag = requireText(tag, "previous model tag");
		return this;
	}

	/**
	 * Sets when the previous tool made its result (default: when the builder was created).
	 * @param timestamp the result's {@code timestamp}
	 * @return this builder
	 */
	public AnalyseResultTriggerBuilder timestamp(Instant timestamp) {
		if (timestamp == null) {
			throw new IllegalArgumentException("A previous result needs a timestamp, got null");
		}
		this.timestamp = timestamp;
		return this;
	}

	/**
	 * Sets when the previous tool received its own trigger (default: the result's
	 * timestamp).
	 * @param received the result's {@code calculated.received}
	 * @return this builder
	 */
	public AnalyseResultTriggerBuilder received(Instant received) {
		if (received == null) {
			throw new IllegalArgumentException("A previous result needs a received time, got null");
		}
		this.received = received;
		return this;
	}

	@Override
	String type() {
		return "analyse_result";
	}

	@Override
	ObjectNode payload() {
		// The writer reads only machine and sensor from the trigger it belongs to.
		Trigger answered = new Trigger(contract(), machine(), sensor(), TriggerType.SENSOR_UPDATE, this.received,
				new AnalysisInput.TextInput(AnalysisResult.text("unused", 0)), List.of(), null);
		return new ResultMessageWriter(this.from, this.modelUrl, this.modelTag).write(answered, this.received,
				this.result, this.timestamp);
	}

	static AnalysisResult.TimeSeries checkedTimeSeries(Table table) {
		if (table == null) {
			throw new IllegalArgumentException("A time_series result needs a table, got null");
		}
		if (table.columnCount() == 0) {
			throw new IllegalArgumentException(
					"Table '" + table.name() + "' has no columns; a time_series result needs at least one column");
		}
		return AnalysisResult.timeSeries(table);
	}

}
