package io.kosmos.mqtt.message;

import java.util.List;
import java.util.Map;

/**
 * The description of one column of a sensor update or of a time series result.
 *
 * @param name the column name
 * @param type how the column's values are read
 * @param unit the unit of the values, empty when they have none (always empty for a
 * column of an analysis result, which carries no unit)
 * @param description what the column measures, or {@code null}
 * @param future the column's {@code future} object as plain Java values (maps, lists,
 * strings, numbers), empty when absent
 * @param allowedValues the column's {@code allowed_values} of a time series result, as
 * sent (strings stay strings, numbers become {@link Number}s), empty when absent
 */
public record ColumnMetadata(String name, ColumnType type, String unit, String description,
		Map<String, Object> future, List<Object> allowedValues) {

	public ColumnMetadata {
		unit = (unit != null) ? unit : "";
		future = (future != null) ? Map.copyOf(future) : Map.of();
		allowedValues = (allowedValues != null)
				? java.util.Collections.unmodifiableList(new java.util.ArrayList<>(allowedValues)) : List.of();
	}

	/**
	 * Creates the description of a sensor update column, which has no allowed values.
	 * @param name the column name
	 * @param type how the column's values are read
	 * @param unit the unit of the values
	 * @param description what the column measures, or {@code null}
	 * @param future the column's {@code future} object, or {@code null}
	 */
	public ColumnMetadata(String name, ColumnType type, String unit, String description, Map<String, Object> future) {
		this(name, type, unit, description, future, List.of());
	}

}
