package io.kosmos.mqtt.table;

import java.util.Arrays;

/**
 * The values of one inner {@code data} array, read straight from the parser without a
 * JSON node per value. A value that is not a JSON string is remembered (the first one
 * only) and reported by {@link ColumnMajorTableReader} with its column name and row.
 */
public final class RawColumn {

	private String[] values;

	private int size;

	private int badRow = -1;

	private String badValue;

	private String badType;

	/**
	 * Creates an empty column.
	 * @param capacity the expected number of values
	 */
	public RawColumn(int capacity) {
		this.values = new String[Math.max(capacity, 4)];
	}

	/**
	 * Appends a string value.
	 * @param value the value
	 */
	public void add(String value) {
		if (this.size == this.values.length) {
			this.values = Arrays.copyOf(this.values, this.size * 2);
		}
		this.values[this.size++] = value;
	}

	/**
	 * Appends a value that is not a JSON string.
	 * @param json the value as JSON text
	 * @param jsonType what it is, for example {@code number}
	 */
	public void addNonString(String json, String jsonType) {
		if (this.badRow < 0) {
			this.badRow = this.size;
			this.badValue = json;
			this.badType = jsonType;
		}
		add(null);
	}

	/**
	 * Returns the number of values.
	 * @return the count
	 */
	public int size() {
		return this.size;
	}

	/**
	 * Returns a value.
	 * @param row the row
	 * @return the string, {@code null} for a value that was not a string
	 */
	public String get(int row) {
		return this.values[row];
	}

	/**
	 * Returns the row of the first value that is not a JSON string.
	 * @return the row, or {@code -1} when every value is a string
	 */
	public int badRow() {
		return this.badRow;
	}

	/**
	 * Returns the first value that is not a JSON string, as JSON text.
	 * @return the text, or {@code null}
	 */
	public String badValue() {
		return this.badValue;
	}

	/**
	 * Returns the JSON type of the first value that is not a string.
	 * @return for example {@code number}, or {@code null}
	 */
	public String badType() {
		return this.badType;
	}

}
