package io.kosmos.mqtt.message;

import java.time.Instant;
import java.util.List;

import tech.tablesaw.api.Table;

/**
 * A parsed and validated trigger.
 *
 * @param contract the contract id the result is published for
 * @param machine the machine of the data
 * @param sensor the sensor of the data
 * @param type what the payload is
 * @param timestamp the payload's own timestamp
 * @param table the payload data
 * @param columns the column descriptions, in table order
 * @param meta the payload's message-level metadata
 */
public record Trigger(String contract, String machine, String sensor, TriggerType type, Instant timestamp,
		Table table, List<ColumnMetadata> columns, List<MessageMeta> meta) {
}
