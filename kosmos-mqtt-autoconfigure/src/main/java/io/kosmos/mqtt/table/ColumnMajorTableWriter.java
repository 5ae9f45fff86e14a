package io.kosmos.mqtt.table;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.message.ColumnType;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.io.NumberOutput;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts a Tablesaw table into the {@code columns} and column-major {@code data} of a
 * KOSMoS time series.
 *
 * <p>Numeric columns become {@code number}, written as the shortest decimal that reads
 * back to the same double with {@link Double#parseDouble} ({@code NaN} for a missing
 * value); instant and date-time columns become {@code rfctime} in UTC with a {@code Z}
 * (a date-time column is taken as UTC); every other column becomes {@code string}, with
 * an empty string for a missing value.
 *
 * <p>A large table is best written with {@link #writeTo(JsonGenerator, Table, Map)}, which
 * makes no JSON node per value.
 */
public final class ColumnMajorTableWriter {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private ColumnMajorTableWriter() {
	}

	/**
	 * Writes a table as a time series object.
	 * @param table the table, with at least one column
	 * @param allowedValues per column name, the values to publish as {@code allowed_values}
	 * @return an object with {@code columns} and {@code data}
	 * @throws IllegalArgumentException when the table has no columns, allowed values name
	 * a missing column, or an instant is missing
	 */
	public static ObjectNode write(Table table, Map<String, List<String>> allowedValues) {
		return write(table, allowedValues, false);
	}

	/**
	 * Writes a table as a time series object, or only its outline.
	 * @param table the table
	 * @param allowedValues per column name, the values to publish as {@code allowed_values}
	 * @param outlineOnly {@code true} to write at most one value per column: enough for the
	 * JSON Schema, which does not look into the values, at a fraction of the cost
	 * @return an object with {@code columns} and {@code data}
	 */
	public static ObjectNode write(Table table, Map<String, List<String>> allowedValues, boolean outlineOnly) {
		check(table, allowedValues);
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
			int rows = outlineOnly ? Math.min(1, column.size()) : column.size();
			ArrayNode values = NODES.arrayNode(rows);
			for (int row = 0; row < rows; row++) {
				values.add(formatValue(column, type, row));
			}
			data.add(values);
		}
		return series;
	}

	/**
	 * Writes a table as a time series object to a generator, value by value.
	 * @param generator where the object goes, positioned where a value may start
	 * @param table the table, with at least one column
	 * @param allowedValues per column name, the values to publish as {@code allowed_values}
	 * @throws IllegalArgumentException as {@link #write(Table, Map)}
	 */
	public static void writeTo(JsonGenerator generator, Table table, Map<String, List<String>> allowedValues) {
		check(table, allowedValues);
		// Check every instant before the first byte, so that a bad table leaves no half message.
		for (Column<?> column : table.columns()) {
			if (kosmosType(column) == ColumnType.RFCTIME) {
				for (int row = 0; row < column.size(); row++) {
					if (column.isMissing(row)) {
						throw missingInstant(column, row);
					}
				}
			}
		}
		generator.writeStartObject();
		generator.writeArrayPropertyStart("columns");
		for (Column<?> column : table.columns()) {
			generator.writeStartObject();
			generator.writeStringProperty("name", column.name());
			generator.writeStringProperty("type", kosmosType(column).wireName());
			List<String> allowed = allowedValues.get(column.name());
			if (allowed != null) {
				generator.writeArrayPropertyStart("allowed_values");
				for (String value : allowed) {
					generator.writeString(value);
				}
				generator.writeEndArray();
			}
			generator.writeEndObject();
		}
		generator.writeEndArray();
		generator.writeArrayPropertyStart("data");
		for (Column<?> column : table.columns()) {
			ColumnType type = kosmosType(column);
			generator.writeStartArray();
			if (column instanceof DoubleColumn doubles) {
				for (int row = 0; row < doubles.size(); row++) {
					generator.writeString(formatNumber(doubles.getDouble(row)));
				}
			}
			else if (column instanceof InstantColumn instants) {
				char[] buffer = new char[32];
				for (int row = 0; row < instants.size(); row++) {
					int length = Rfc3339.formatPacked(instants.getLongInternal(row), buffer);
					if (length < 0) {
						generator.writeString(Rfc3339.format(instants.get(row)));
					}
					else {
						generator.writeString(buffer, 0, length);
					}
				}
			}
			else {
				for (int row = 0; row < column.size(); row++) {
					generator.writeString(formatValue(column, type, row));
				}
			}
			generator.writeEndArray();
		}
		generator.writeEndArray();
		generator.writeEndObject();
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

	/**
	 * Formats a number so that {@link Double#parseDouble} reads back the same double.
	 * @param value the number
	 * @return the shortest such decimal, {@code NaN}, {@code Infinity} or {@code -Infinity}
	 */
	public static String formatNumber(double value) {
		return NumberOutput.toString(value, true);
	}

	private static void check(Table table, Map<String, List<String>> allowedValues) {
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
	}

	private static String formatValue(Column<?> column, ColumnType type, int row) {
		if (type == ColumnType.NUMBER) {
			return formatNumber(((NumericColumn<?>) column).getDouble(row));
		}
		if (type == ColumnType.RFCTIME) {
			if (column.isMissing(row)) {
				throw missingInstant(column, row);
			}
			Object value = column.get(row);
			Instant instant = (value instanceof LocalDateTime local) ? local.toInstant(ZoneOffset.UTC) : (Instant) value;
			return Rfc3339.format(instant);
		}
		return column.isMissing(row) ? "" : String.valueOf(column.get(row));
	}

	private static IllegalArgumentException missingInstant(Column<?> column, int row) {
		return new IllegalArgumentException("Row " + row + " of rfctime column '" + column.name()
				+ "' has no value; KOSMoS timestamps cannot be empty, so fill or drop the row");
	}

}
