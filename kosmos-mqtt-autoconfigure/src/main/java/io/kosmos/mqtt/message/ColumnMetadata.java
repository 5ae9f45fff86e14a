package io.kosmos.mqtt.message;

import java.util.Map;

/**
 * The description of one column of a sensor update.
 *
 * @param name the column name
 * @param type how the column's values are read
 * @param unit the unit of the values, empty when they have none
 * @param description what the column measures, or {@code null}
 * @param future the column's {@code future} object as plain Java values (maps, lists,
 * strings, numbers), empty when absent
 */
public record ColumnMetadata(String name, ColumnType type, String unit, String description,
		Map<String, Object> future) {

	public ColumnMetadata {
		future = (future != null) ? Map.copyOf(future) : Map.of();
	}

}
