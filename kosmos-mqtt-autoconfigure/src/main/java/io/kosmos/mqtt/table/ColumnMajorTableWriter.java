package io.kosmos.mqtt.table;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.message.ColumnType;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts a Tablesaw table into the {@code columns} and column-major {@code data} of a
 * KOSMoS time series.
 *
 * <p>Numeric columns become {@code number} and are written with {@link Double#toString},
 * which reads back to the same double; instant and date-time columns become
 * {@code rfctime} in UTC; every other column becomes {@code string}.
 */
public final class ColumnMajorTableWriter {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ColumnMajorTableWriter() {
	}

	/**
	 * Writes a table as a time series object.
	 * @param table the table, with at least one column and one row
	 * @param allowedValues per column name, the values to publish as {@code allowed_values}
	 * @return an object with {@code columns} and {@code data}
	 * @throws IllegalArgumentException when the table is empty or has a missing instant
	 */
	public static ObjectNode write(Table table, Map<String, List<String>> allowedValues) {
		if (table.columnCount() == 0) {
			throw new IllegalArgumentException("Result table '" + table.name()
					+ "' has no columns; a KOSMoS time series needs at least one column");
		}
		for (String column : allowedValues.keySet()) {
			if (!table.containsColumn(column)) {
				throw new IllegalArgumentException("Allowed values are set for column '" + column
						+ "', which result table '" + table.name() + "' does not have");
			}
		}

		ObjectNode series = NODES.objectNode();
		ArrayNode columns = series.putArray("columns");
		ArrayNode data = series.putArray("data");
		for (Column<?> column : table.columns()) {
			ColumnType type = kosmosType(column);
			ObjectNode description = columns.addObject();
			description.put("name", column.name());
			description.put("type", type.wireName());
			List<String> allowed = allowedValues.get(column.name());
			if (allowed != null) {
				ArrayNode allowedNode = description.putArray("allowed_values");
				allowed.forEach(allowedNode::add);
			}
			data.add(writeValues(column, type));
		}
		return series;
	}

	/**
	 * Returns the KOSMoS type a Tablesaw column is written as.
	 * @param column the column
	 * @return {@code NUMBER}, {@code RFCTIME} or {@code STRING}
	 */
	public static ColumnType kosmosType(Column<?> column) {
		if (column instanceof NumericColumn<?>) {
			return ColumnType.NUMBER;
		}
		if (column instanceof InstantColumn || column instanceof DateTimeColumn) {
			return ColumnType.RFCTIME;
		}
		return ColumnType.STRING;
	}

	private static ArrayNode writeValues(Column<?> column, ColumnType type) {
		ArrayNode values = NODES.arrayNode(column.size());
		for (int row = 0; row < column.size(); row++) {
			values.add(formatValue(column, type, row));
		}
		return values;
	}

	private static String formatValue(Column<?> column, ColumnType type, int row) {
		if (type == ColumnType.NUMBER) {
			return Double.toString(((NumericColumn<?>) column).getDouble(row));
		}
		if (type == ColumnType.RFCTIME) {
			if (column.isMissing(row)) {
				throw new IllegalArgumentException("Row " + row + " of rfctime column '" + column.name()
						+ "' has no value; KOSMoS timestamps cannot be empty, so fill or drop the row");
			}
			Object value = column.get(row);
			Instant instant = (value instanceof LocalDateTime local) ? local.toInstant(ZoneOffset.UTC) : (Instant) value;
			return Rfc3339.format(instant);
		}
		return column.isMissing(row) ? "" : String.valueOf(column.get(row));
	}

}
