package io.kosmos.mqtt.message;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits on the size and shape of a trigger, checked before the handler runs. Each
 * violation is an {@link InvalidTriggerException} with its own {@link RejectionReason}.
 *
 * <p>The parser enforces nesting depth, JSON number length and string length while it
 * reads, through Jackson's {@link StreamReadConstraints}. The table reader enforces the
 * column and row counts and the length of {@code number} values, which KOSMoS sends as
 * JSON strings.
 *
 * @param maxTriggerSize maximum payload size in bytes, checked before parsing
 * @param maxNestingDepth maximum depth of nested JSON objects and arrays
 * @param maxNumberLength maximum length in characters of a JSON number and of a value in
 * a {@code number} column
 * @param maxStringLength maximum length in characters of a JSON string
 * @param maxColumns maximum number of columns of a sensor update
 * @param maxRows maximum number of rows of a sensor update
 */
public record TriggerLimits(long maxTriggerSize, int maxNestingDepth, int maxNumberLength, int maxStringLength,
		int maxColumns, int maxRows) {

	/** Limits that add nothing to the payload size and Jackson's own parser defaults. */
	public static final TriggerLimits NONE = new TriggerLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
			Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

	/**
	 * Creates limits; every value must be at least 1.
	 * @throws IllegalArgumentException when a value is less than 1
	 */
	public TriggerLimits {
		requirePositive("maxTriggerSize", maxTriggerSize);
		requirePositive("maxNestingDepth", maxNestingDepth);
		requirePositive("maxNumberLength", maxNumberLength);
		requirePositive("maxStringLength", maxStringLength);
		requirePositive("maxColumns", maxColumns);
		requirePositive("maxRows", maxRows);
	}

	/**
	 * Returns limits that only bound the payload size.
	 * @param maxTriggerSize maximum payload size in bytes
	 * @return the limits
	 */
	public static TriggerLimits ofMaxTriggerSize(long maxTriggerSize) {
		return new TriggerLimits(maxTriggerSize, NONE.maxNestingDepth, NONE.maxNumberLength, NONE.maxStringLength,
				NONE.maxColumns, NONE.maxRows);
	}

	/**
	 * Builds a JSON mapper whose parser enforces the nesting depth, number length and
	 * string length. Field names are held to the string length as well, but to no more
	 * than Jackson's default of 50,000 characters. Only {@link #NONE}'s unbounded values
	 * fall back to Jackson's defaults.
	 * @return a mapper with default settings besides the read constraints
	 */
	public JsonMapper jsonMapper() {
		StreamReadConstraints.Builder constraints = StreamReadConstraints.builder();
		if (this.maxNestingDepth != Integer.MAX_VALUE) {
			constraints.maxNestingDepth(this.maxNestingDepth);
		}
		if (this.maxNumberLength != Integer.MAX_VALUE) {
			constraints.maxNumberLength(this.maxNumberLength);
		}
		if (this.maxStringLength != Integer.MAX_VALUE) {
			constraints.maxStringLength(this.maxStringLength);
			constraints.maxNameLength(Math.min(this.maxStringLength, StreamReadConstraints.DEFAULT_MAX_NAME_LEN));
		}
		JsonFactory factory = JsonFactory.builder().streamReadConstraints(constraints.build()).build();
		return JsonMapper.builder(factory).build();
	}

	/**
	 * Turns a parser's constraint violation into a rejection that names the property to
	 * change. Jackson 3.1 has one exception type for every constraint, so the kind is
	 * recognised by the start of its message.
	 * @param ex the parser's exception
	 * @return the rejection
	 */
	public InvalidTriggerException rejection(StreamConstraintsException ex) {
		String message = (ex.getOriginalMessage() != null) ? ex.getOriginalMessage() : "";
		if (message.startsWith("Document nesting depth")) {
			return new InvalidTriggerException(RejectionReason.NESTING_TOO_DEEP, "Trigger nests JSON objects and "
					+ "arrays deeper than kosmos.mqtt.limits.max-nesting-depth (" + effective(this.maxNestingDepth,
							StreamReadConstraints.DEFAULT_MAX_DEPTH)
					+ ") and is not read further; a KOSMoS trigger needs fewer than 10 levels", ex);
		}
		if (message.startsWith("Number value length")) {
			return new InvalidTriggerException(RejectionReason.NUMBER_TOO_LONG, "Trigger contains a JSON number "
					+ "longer than kosmos.mqtt.limits.max-number-length (" + effective(this.maxNumberLength,
							StreamReadConstraints.DEFAULT_MAX_NUM_LEN)
					+ " characters); send shorter numbers or raise the limit", ex);
		}
		if (message.startsWith("String value length")) {
			return new InvalidTriggerException(RejectionReason.STRING_TOO_LONG, "Trigger contains a JSON string "
					+ "longer than kosmos.mqtt.limits.max-string-length (" + effective(this.maxStringLength,
							StreamReadConstraints.DEFAULT_MAX_STRING_LEN)
					+ " characters); send shorter values or raise the limit", ex);
		}
		if (message.startsWith("Name length")) {
			return new InvalidTriggerException(RejectionReason.STRING_TOO_LONG, "Trigger contains a JSON field name "
					+ "longer than " + Math.min(this.maxStringLength, StreamReadConstraints.DEFAULT_MAX_NAME_LEN)
					+ " characters (the smaller of kosmos.mqtt.limits.max-string-length and Jackson's default); "
					+ "send shorter names", ex);
		}
		return new InvalidTriggerException(RejectionReason.TOO_LARGE,
				"Trigger exceeds a JSON parser limit: " + LogText.printable(message, 200), ex);
	}

	/**
	 * Rejects a table with more columns than {@link #maxColumns}.
	 * @param columns the number of declared columns
	 * @param path where the columns sit in the message
	 * @throws InvalidTriggerException when there are too many
	 */
	public void checkColumns(int columns, String path) {
		if (columns > this.maxColumns) {
			throw new InvalidTriggerException(RejectionReason.TOO_MANY_COLUMNS, path + " has " + columns
					+ " columns, more than kosmos.mqtt.limits.max-columns (" + this.maxColumns
					+ "); send fewer columns per trigger or raise the limit");
		}
	}

	/**
	 * Rejects a table with more rows than {@link #maxRows}.
	 * @param rows the number of values per column
	 * @param path where the data sits in the message
	 * @throws InvalidTriggerException when there are too many
	 */
	public void checkRows(int rows, String path) {
		if (rows > this.maxRows) {
			throw new InvalidTriggerException(RejectionReason.TOO_MANY_ROWS, path + " has " + rows
					+ " rows, more than kosmos.mqtt.limits.max-rows (" + this.maxRows
					+ "); send fewer rows per trigger or raise the limit");
		}
	}

	/**
	 * Rejects a {@code number} value longer than {@link #maxNumberLength}, before it is
	 * parsed.
	 * @param text the value as sent
	 * @param row the row of the value
	 * @param column the column's name
	 * @throws InvalidTriggerException when the value is too long
	 */
	public void checkNumberLength(String text, int row, String column) {
		if (text.length() > this.maxNumberLength) {
			throw new InvalidTriggerException(RejectionReason.NUMBER_TOO_LONG, "Value '" + LogText.printable(text)
					+ "' in row " + row + " of number column '" + column + "' has " + text.length()
					+ " characters, more than kosmos.mqtt.limits.max-number-length (" + this.maxNumberLength
					+ "); send shorter numbers or raise the limit");
		}
	}

	/** Returns the limit the parser applies: Jackson's default replaces an unbounded one. */
	private static int effective(int limit, int jacksonDefault) {
		return (limit != Integer.MAX_VALUE) ? limit : jacksonDefault;
	}

	private static void requirePositive(String name, long value) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, got " + value);
		}
	}

}
