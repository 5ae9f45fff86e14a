package io.kosmos.mqtt.table;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.kosmos.mqtt.message.ColumnMetadata;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.LogText;
import io.kosmos.mqtt.message.RejectionReason;
import io.kosmos.mqtt.message.TriggerLimits;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tools.jackson.databind.JsonNode;

/**
 * Converts the column-major {@code data} of a KOSMoS message into a Tablesaw table.
 *
 * <p>{@code data[i]} holds every value of {@code columns[i]} as JSON strings. This reader
 * checks each value while it converts it, so a large message is walked once: every
 * value must be a string, every column as long as the first, {@code number} values must
 * parse as doubles and {@code rfctime} values as RFC 3339 timestamps.
 */
public final class ColumnMajorTableReader {

	private ColumnMajorTableReader() {
	}

	/**
	 * Builds a table from column descriptions and column-major data.
	 * @param tableName the name of the table
	 * @param columns the column descriptions, in data order
	 * @param data the {@code data} array, one inner array per column
	 * @param path where {@code data} sits in the message, used in error messages
	 * @return the table, one Tablesaw column per KOSMoS column
	 * @throws InvalidTriggerException when the data does not fit the columns
	 */
	public static Table read(String tableName, List<ColumnMetadata> columns, JsonNode data, String path) {
		return read(tableName, columns, data, path, TriggerLimits.NONE);
	}

	/**
	 * Builds a table from column descriptions and column-major data, within limits.
	 * @param tableName the name of the table
	 * @param columns the column descriptions, in data order
	 * @param data the {@code data} array, one inner array per column
	 * @param path where {@code data} sits in the message, used in error messages
	 * @param limits the maximum column and row counts and {@code number} value length
	 * @return the table, one Tablesaw column per KOSMoS column
	 * @throws InvalidTriggerException when the data does not fit the columns or a limit
	 */
	public static Table read(String tableName, List<ColumnMetadata> columns, JsonNode data, String path,
			TriggerLimits limits) {
		limits.checkColumns(Math.max(columns.size(), data.size()), path);
		checkColumnNames(columns, path);
		if (data.size() != columns.size()) {
			throw new InvalidTriggerException(RejectionReason.INVALID_DATA, path + " has " + data.size() + " value arrays but " + columns.size()
					+ " columns are declared; send one array of values per column");
		}

		int rowCount = data.get(0).size();
		limits.checkRows(rowCount, path);
		Column<?>[] tableColumns = new Column<?>[columns.size()];
		for (int i = 0; i < columns.size(); i++) {
			ColumnMetadata column = columns.get(i);
			JsonNode values = data.get(i);
			if (values.size() != rowCount) {
				throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Column '" + column.name() + "' has " + values.size()
						+ " values but column '" + columns.get(0).name() + "' has " + rowCount
						+ "; every column of " + path + " must have the same number of values");
			}
			tableColumns[i] = switch (column.type()) {
				case NUMBER -> readNumbers(column.name(), values, limits);
				case STRING -> readStrings(column.name(), values);
				case RFCTIME -> readInstants(column.name(), values);
			};
		}
		return Table.create(tableName, tableColumns);
	}

	private static void checkColumnNames(List<ColumnMetadata> columns, String path) {
		Set<String> seen = new HashSet<>();
		for (ColumnMetadata column : columns) {
			if (!seen.add(column.name())) {
				throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Column name '" + column.name() + "' appears more than once in "
						+ path.replace(".data", ".columns") + "; column names must be unique");
			}
		}
	}

	private static DoubleColumn readNumbers(String name, JsonNode values, TriggerLimits limits) {
		double[] numbers = new double[values.size()];
		for (int row = 0; row < numbers.length; row++) {
			String text = stringAt(name, values, row);
			limits.checkNumberLength(text, row, name);
			try {
				numbers[row] = Double.parseDouble(text);
			}
			catch (NumberFormatException ex) {
				throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Value '" + LogText.printable(text) + "' in row " + row + " of number column '"
						+ name + "' is not a number; send a decimal such as \"-312.155\" or \"1.5e3\"");
			}
		}
		return DoubleColumn.create(name, numbers);
	}

	private static StringColumn readStrings(String name, JsonNode values) {
		String[] strings = new String[values.size()];
		for (int row = 0; row < strings.length; row++) {
			strings[row] = stringAt(name, values, row);
		}
		return StringColumn.create(name, strings);
	}

	private static InstantColumn readInstants(String name, JsonNode values) {
		Instant[] instants = new Instant[values.size()];
		for (int row = 0; row < instants.length; row++) {
			String text = stringAt(name, values, row);
			try {
				instants[row] = Rfc3339.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Value '" + LogText.printable(text) + "' in row " + row + " of rfctime column '"
						+ name + "' is not an RFC 3339 timestamp; send one such as \"2020-10-01T10:29:55.986+01:00\"");
			}
		}
		InstantColumn column = InstantColumn.create(name);
		for (Instant instant : instants) {
			column.append(instant);
		}
		return column;
	}

	private static String stringAt(String name, JsonNode values, int row) {
		JsonNode value = values.get(row);
		if (!value.isString()) {
			throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Value " + LogText.printable(value.toString()) + " in row " + row + " of column '"
					+ name + "' is a JSON " + value.getNodeType().name().toLowerCase()
					+ "; KOSMoS sends every value as a JSON string, for example \"15\"");
		}
		return value.stringValue();
	}

}
