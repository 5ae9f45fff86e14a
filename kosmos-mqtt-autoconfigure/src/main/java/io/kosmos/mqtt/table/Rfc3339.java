package io.kosmos.mqtt.table;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import tech.tablesaw.columns.dates.PackedLocalDate;
import tech.tablesaw.columns.instant.PackedInstant;
import tech.tablesaw.columns.times.PackedLocalTime;

/**
 * Reads and writes RFC 3339 timestamps, the only time format KOSMoS messages use.
 *
 * <p>The parser is hand-written because it runs once per value of every {@code rfctime}
 * column; it is several times faster than {@link DateTimeFormatter} and stricter: it
 * accepts exactly {@code yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1 to 9 digits and
 * {@code Z} or {@code ±hh:mm} (a lower-case {@code t} and {@code z} too, as RFC 3339
 * allows).
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
		int length = value.length();
		if (length < 20 || value.charAt(4) != '-' || value.charAt(7) != '-' || (value.charAt(10) != 'T' && value.charAt(10) != 't')
				|| value.charAt(13) != ':' || value.charAt(16) != ':') {
			throw fail(value);
		}
		int year = digits(value, 0, 4);
		int month = digits(value, 5, 2);
		int day = digits(value, 8, 2);
		int hour = digits(value, 11, 2);
		int minute = digits(value, 14, 2);
		int second = digits(value, 17, 2);
		if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
				|| second > 59) {
			throw fail(value);
		}
		int pos = 19;
		int nanos = 0;
		if (value.charAt(pos) == '.') {
			pos++;
			int start = pos;
			while (pos < length && value.charAt(pos) >= '0' && value.charAt(pos) <= '9') {
				if (pos - start < 9) {
					nanos = nanos * 10 + (value.charAt(pos) - '0');
				}
				pos++;
			}
			int count = pos - start;
			if (count == 0 || count > 9) {
				throw fail(value);
			}
			for (int i = count; i < 9; i++) {
				nanos *= 10;
			}
		}
		if (pos >= length) {
			throw fail(value);
		}
		int offsetSeconds;
		char sign = value.charAt(pos);
		if (sign == 'Z' || sign == 'z') {
			if (pos + 1 != length) {
				throw fail(value);
			}
			offsetSeconds = 0;
		}
		else if (sign == '+' || sign == '-') {
			if (pos + 6 != length || value.charAt(pos + 3) != ':') {
				throw fail(value);
			}
			int offsetHours = digits(value, pos + 1, 2);
			int offsetMinutes = digits(value, pos + 4, 2);
			if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59) {
				throw fail(value);
			}
			offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * ((sign == '-') ? -1 : 1);
		}
		else {
			throw fail(value);
		}
		long epochDay;
		try {
			epochDay = LocalDate.of(year, month, day).toEpochDay();
		}
		catch (DateTimeException ex) {
			throw fail(value);
		}
		long epochSecond = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
		return Instant.ofEpochSecond(epochSecond, nanos);
	}

	private static int digits(String value, int start, int count) {
		int result = 0;
		for (int i = start; i < start + count; i++) {
			char c = value.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			result = result * 10 + (c - '0');
		}
		return result;
	}

	private static DateTimeParseException fail(String value) {
		return new DateTimeParseException("Not an RFC 3339 timestamp", value, 0);
	}

	/**
	 * Formats an instant in UTC with a {@code Z}, with as many fraction digits as it has.
	 * @param instant the instant
	 * @return the text, for example {@code 2020-10-01T09:29:55.986Z}
	 */
	public static String format(Instant instant) {
		long epochSecond = instant.getEpochSecond();
		long epochDay = Math.floorDiv(epochSecond, 86400);
		int secondOfDay = (int) Math.floorMod(epochSecond, 86400);
		if (epochDay < MIN_FAST_DAY || epochDay > MAX_FAST_DAY) {
			return DateTimeFormatter.ISO_INSTANT.format(instant);
		}
		LocalDate date = LocalDate.ofEpochDay(epochDay);
		char[] out = new char[30];
		put(out, 0, date.getYear(), 4);
		out[4] = '-';
		put(out, 5, date.getMonthValue(), 2);
		out[7] = '-';
		put(out, 8, date.getDayOfMonth(), 2);
		out[10] = 'T';
		put(out, 11, secondOfDay / 3600, 2);
		out[13] = ':';
		put(out, 14, (secondOfDay / 60) % 60, 2);
		out[16] = ':';
		put(out, 17, secondOfDay % 60, 2);
		int pos = 19;
		int nanos = instant.getNano();
		if (nanos > 0) {
			// As ISO_INSTANT: 3, 6 or 9 digits, whichever shows every non-zero digit.
			out[pos++] = '.';
			if (nanos % 1_000_000 == 0) {
				put(out, pos, nanos / 1_000_000, 3);
				pos += 3;
			}
			else if (nanos % 1000 == 0) {
				put(out, pos, nanos / 1000, 6);
				pos += 6;
			}
			else {
				put(out, pos, nanos, 9);
				pos += 9;
			}
		}
		out[pos++] = 'Z';
		return new String(out, 0, pos);
	}

	/**
	 * Formats an instant packed by Tablesaw's {@code InstantColumn} (UTC date and time of
	 * day to the millisecond) as {@link #format(Instant)} formats it, into a buffer,
	 * without creating an {@code Instant} or a {@code String}.
	 * @param packed the column's internal value, not the missing value
	 * @param out a buffer of at least 30 characters
	 * @return the number of characters written, or {@code -1} when the year is outside 0
	 * to 9999 and {@link #format(Instant)} must be used
	 */
	public static int formatPacked(long packed, char[] out) {
		int date = PackedInstant.date(packed);
		int time = PackedInstant.time(packed);
		int year = PackedLocalDate.getYear(date);
		if (year < 0 || year > 9999) {
			return -1;
		}
		put(out, 0, year, 4);
		out[4] = '-';
		put(out, 5, PackedLocalDate.getMonthValue(date), 2);
		out[7] = '-';
		put(out, 8, PackedLocalDate.getDayOfMonth(date), 2);
		out[10] = 'T';
		int millisOfDay = PackedLocalTime.getMillisecondOfDay(time);
		int secondOfDay = millisOfDay / 1000;
		put(out, 11, secondOfDay / 3600, 2);
		out[13] = ':';
		put(out, 14, (secondOfDay / 60) % 60, 2);
		out[16] = ':';
		put(out, 17, secondOfDay % 60, 2);
		int pos = 19;
		int millis = millisOfDay % 1000;
		if (millis > 0) {
			out[pos++] = '.';
			put(out, pos, millis, 3);
			pos += 3;
		}
		out[pos++] = 'Z';
		return pos;
	}

	/** 0000-01-01 and 9999-12-31: the years ISO_INSTANT writes with four digits and no sign. */
	private static final long MIN_FAST_DAY = LocalDate.of(0, 1, 1).toEpochDay();

	private static final long MAX_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();

	private static void put(char[] out, int start, int value, int width) {
		for (int i = start + width - 1; i >= start; i--) {
			out[i] = (char) ('0' + value % 10);
			value /= 10;
		}
	}

}
