package io.kosmos.mqtt.table;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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
import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.instant.PackedInstant;
import tech.tablesaw.columns.times.PackedLocalTime;
import tools.jackson.core.io.NumberInput;
import tools.jackson.databind.JsonNode;

/**
 * Converts the column-major {@code data} of a KOSMoS message into a Tablesaw table.
 *
 * <p>{@code data[i]} contains every value of {@code columns[i]} as JSON strings. This reader
 * checks each value while it converts it, so a large message is walked once: every
 * value must be a string, every column as long as the first, {@code number} values must
 * parse as {@link Double#parseDouble(String)} parses them (so surrounding whitespace,
 * exponents, {@code NaN}, {@code Infinity} and {@code -0} are read as Java reads them) and
 * {@code rfctime} values as RFC 3339 timestamps.
 *
 * <p>Numbers are parsed with Jackson's copy of FastDoubleParser ({@code JavaDoubleParser}),
 * which accepts exactly the syntax of {@link Double#valueOf(String)} and gives the same
 * double, about ten times faster and without allocating; on JDK 17,
 * {@code Double.parseDouble} took most of the time and garbage of a large trigger.
 */
public final class ColumnMajorTableReader {

	private ColumnMajorTableReader() {
	}

	/**
	 * Builds a table from column descriptions and column-major data held in a JSON tree.
	 * @param tableName the name of the table
	 * @param columns the column descriptions, in data order
	 * @param data the {@code data} array, one inner array per column
	 * @param path where {@code data} sits in the message, used in error messages
	 * @return the table, one Tablesaw column per KOSMoS column
	 * @throws InvalidTriggerException when the data does not fit the columns
	 */
	public static Table read(String tableName, List<ColumnMetadata> columns, JsonNode data, String path) {
		return read(tableName, columns, data, path, (node) -> null, false, TriggerLimits.NONE);
	}

	/**
	 * Builds a table from column descriptions and column-major data whose inner arrays
	 * may have been read into {@link RawColumn}s.
	 * @param tableName the name of the table
	 * @param columns the column descriptions, in data order
	 * @param data the {@code data} array, one inner array (or stand-in) per column
	 * @param path where {@code data} sits in the message, used in error messages
	 * @param rawColumns finds the values of a stand-in; returns {@code null} for an
	 * ordinary array, whose values are then read from the tree
	 * @param requireValues whether every column must have at least one value (a sensor
	 * update) or may be empty (a time series result)
	 * @param limits the maximum column and row counts and {@code number} value length
	 * @return the table
	 * @throws InvalidTriggerException when the data does not fit the columns or a limit
	 */
	public static Table read(String tableName, List<ColumnMetadata> columns, JsonNode data, String path,
			Function<JsonNode, RawColumn> rawColumns, boolean requireValues, TriggerLimits limits) {
		limits.checkColumns(Math.max(columns.size(), data.size()), path);
		String columnsPath = path.substring(0, path.length() - "data".length()) + "columns";
		checkColumnNames(columns, columnsPath);
		if (data.size() != columns.size()) {
			throw invalid("Field " + path + " has " + data.size() + " value arrays but " + columnsPath + " declares "
					+ columns.size() + " columns; send one array of values per column");
		}
		RawColumn[] raw = new RawColumn[columns.size()];
		for (int i = 0; i < raw.length; i++) {
			JsonNode values = data.get(i);
			RawColumn column = rawColumns.apply(values);
			raw[i] = (column != null) ? column : fromTree(values, path + "[" + i + "]", columns.get(i).name());
		}

		int rowCount = raw[0].size();
		limits.checkRows(rowCount, path);
		for (int i = 0; i < raw.length; i++) {
			String name = columns.get(i).name();
			if (raw[i].size() != rowCount) {
				throw invalid("Column '" + LogText.printable(name) + "' (" + path + "[" + i + "]) has " + raw[i].size()
						+ " values but column '" + LogText.printable(columns.get(0).name()) + "' (" + path
						+ "[0]) has " + rowCount + "; every column of " + path + " must have the same number of values");
			}
			if (requireValues && raw[i].size() == 0) {
				throw invalid("Column '" + LogText.printable(name) + "' (" + path + "[" + i
						+ "]) has no values; a sensor update needs at least one value per column");
			}
			if (raw[i].badRow() >= 0) {
				throw invalid("Value " + LogText.printable(raw[i].badValue()) + " in row " + raw[i].badRow()
						+ " of column '" + LogText.printable(name) + "' (" + path + "[" + i + "]) is a JSON "
						+ raw[i].badType() + "; KOSMoS sends every value as a JSON string, for example \"15\"");
			}
		}

		Column<?>[] tableColumns = new Column<?>[columns.size()];
		for (int i = 0; i < raw.length; i++) {
			ColumnMetadata column = columns.get(i);
			String valuesPath = path + "[" + i + "]";
			tableColumns[i] = switch (column.type()) {
				case NUMBER -> readNumbers(column.name(), raw[i], valuesPath, limits);
				case STRING -> readStrings(column.name(), raw[i]);
				case RFCTIME -> readInstants(column.name(), raw[i], valuesPath);
			};
		}
		return Table.create(tableName, tableColumns);
	}

	private static RawColumn fromTree(JsonNode values, String path, String name) {
		if (!values.isArray()) {
			throw invalid("Field " + path + " (values of column '" + LogText.printable(name) + "') is a JSON "
					+ values.getNodeType().name().toLowerCase() + "; send an array of strings");
		}
		RawColumn column = new RawColumn(values.size());
		for (JsonNode value : values) {
			if (value.isString()) {
				column.add(value.stringValue());
			}
			else {
				column.addNonString(value.toString(), value.getNodeType().name().toLowerCase());
			}
		}
		return column;
	}

	private static void checkColumnNames(List<ColumnMetadata> columns, String columnsPath) {
		Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < columns.size(); i++) {
			String name = columns.get(i).name();
			Integer first = seen.putIfAbsent(name, i);
			if (first != null) {
				throw invalid("Column name '" + LogText.printable(name) + "' appears more than once in " + columnsPath
						+ " (at " + first + " and " + i + "); column names must be unique");
			}
		}
	}

	private static DoubleColumn readNumbers(String name, RawColumn values, String path, TriggerLimits limits) {
		double[] numbers = new double[values.size()];
		for (int row = 0; row < numbers.length; row++) {
			String text = values.get(row);
			limits.checkNumberLength(text, row, name);
			try {
				numbers[row] = NumberInput.parseDouble(text, true);
			}
			catch (NumberFormatException ex) {
				throw invalid("Value '" + LogText.printable(text) + "' in row " + row + " of number column '"
						+ LogText.printable(name) + "' (" + path
						+ ") is not a number; send a decimal such as \"-312.155\" or \"1.5e3\"");
			}
		}
		return DoubleColumn.create(name, numbers);
	}

	private static StringColumn readStrings(String name, RawColumn values) {
		String[] strings = new String[values.size()];
		for (int row = 0; row < strings.length; row++) {
			strings[row] = values.get(row);
		}
		return StringColumn.create(name, strings);
	}

	private static InstantColumn readInstants(String name, RawColumn values, String path) {
		long[] packed = new long[values.size()];
		for (int row = 0; row < packed.length; row++) {
			String text = values.get(row);
			try {
				packed[row] = pack(Rfc3339.parse(text));
			}
			catch (DateTimeParseException ex) {
				throw invalid("Value '" + LogText.printable(text) + "' in row " + row + " of rfctime column '"
						+ LogText.printable(name) + "' (" + path
						+ ") is not an RFC 3339 timestamp; send one such as \"2020-10-01T10:29:55.986+01:00\"");
			}
		}
		return InstantColumn.createInternal(name, packed);
	}

	/**
	 * Packs an instant the way {@link PackedInstant#pack(Instant)} does (UTC date and time
	 * of day to the millisecond), without the time-zone rules object that method creates
	 * for every value.
	 * @param instant the instant
	 * @return the value an {@link InstantColumn} stores
	 */
	static long pack(Instant instant) {
		long epochSecond = instant.getEpochSecond();
		long epochDay = Math.floorDiv(epochSecond, 86400);
		int secondOfDay = (int) Math.floorMod(epochSecond, 86400);
		LocalDate date = LocalDate.ofEpochDay(epochDay);
		int packedDate = PackedLocalDate.pack(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
		int packedTime = PackedLocalTime.of(secondOfDay / 3600, (secondOfDay / 60) % 60, secondOfDay % 60,
				instant.getNano() / 1_000_000);
		return PackedInstant.create(packedDate, packedTime);
	}

	private static InvalidTriggerException invalid(String message) {
		return new InvalidTriggerException(RejectionReason.INVALID_DATA, message);
	}

}
