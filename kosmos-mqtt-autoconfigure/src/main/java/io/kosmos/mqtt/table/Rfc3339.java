package io.kosmos.mqtt.table;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes RFC 3339 timestamps, the only time format KOSMoS messages use.
 */
public final class Rfc3339 {

	private Rfc3339() {
	}

	/**
	 * Parses an RFC 3339 timestamp. A fraction of a second is optional, the offset is
	 * required ({@code Z} or {@code ±hh:mm}).
	 * @param value the text, for example {@code 2020-10-01T10:29:55.986+01:00}
	 * @return the instant
	 * @throws DateTimeParseException when the text is not RFC 3339
	 */
	public static Instant parse(String value) {
		return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
	}

	/**
	 * Formats an instant in UTC with a {@code Z}, with as many fraction digits as it has.
	 * @param instant the instant
	 * @return the text, for example {@code 2020-10-01T09:29:55.986Z}
	 */
	public static String format(Instant instant) {
		return DateTimeFormatter.ISO_INSTANT.format(instant);
	}

}
