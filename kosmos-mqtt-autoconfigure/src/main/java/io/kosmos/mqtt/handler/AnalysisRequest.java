package io.kosmos.mqtt.handler;

import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.message.ColumnMetadata;
import io.kosmos.mqtt.message.MessageMeta;
import io.kosmos.mqtt.message.TriggerType;
import tech.tablesaw.api.Table;

/**
 * One trigger as the handler sees it: the machine data as a table plus where it came
 * from.
 *
 * @param contract the contract id; the result is published for it
 * @param machine the machine the data belongs to
 * @param sensor the sensor the data belongs to
 * @param type whether the payload is a sensor update or a previous tool's result
 * @param triggerTopic the MQTT topic the trigger arrived on
 * @param receivedAt when the tool received the trigger
 * @param timestamp the payload's own timestamp
 * @param table the payload's columns as a Tablesaw table, one row per data point
 * @param columns metadata of the table's columns, in table order
 * @param meta the payload's message-level metadata, empty when it has none
 */
public record AnalysisRequest(String contract, String machine, String sensor, TriggerType type,
		String triggerTopic, Instant receivedAt, Instant timestamp, Table table, List<ColumnMetadata> columns,
		List<MessageMeta> meta) {

	public AnalysisRequest {
		columns = List.copyOf(columns);
		meta = List.copyOf(meta);
	}

}
