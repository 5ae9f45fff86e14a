package io.kosmos.mqtt.table;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.columns.instant.PackedInstant;
import tools.jackson.core.io.NumberInput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hand-written fast paths give what the JDK gives.
 */
class FastPathParityTests {

	@ParameterizedTest
	@ValueSource(strings = { " 12.5 ", "\t12.5\n", "NaN", "-0", "+0", "-0.0", "Infinity", "-Infinity", "0x1p3",
			"0X1.8P1", "7d", "7F", "1e400", "-1e400", "4.9e-325", "+5", ".5", "5.", "1.5e3", "1E-2", "00012",
			"1.7976931348623157E308", "2.2250738585072012e-308", "123456789012345678901234567890",
			"-312.15500000000003", "", " ", "1_000", "1e", "e5", "\u0663", "1,5", "--1", "0x", "infinity", "1 2",
			"NaNd", "-", "." })
	void numbersParseAsDoubleParseDouble(String text) {
		assertThat(parse(text, true)).isEqualTo(parse(text, false));
	}

	@Test
	void randomNumbersParseAsDoubleParseDouble() {
		Random random = new Random(42);
		for (int i = 0; i < 200_000; i++) {
			double value = (i % 2 == 0) ? Double.longBitsToDouble(random.nextLong()) : random.nextGaussian() * 1e4;
			String text = Double.toString(value);
			assertThat(parse(text, true)).as(text).isEqualTo(parse(text, false));
		}
	}

	@Test
	void numbersWrittenReadBackToSameDouble() {
		Random random = new Random(7);
		for (int i = 0; i < 200_000; i++) {
			double value = Double.longBitsToDouble(random.nextLong());
			String text = ColumnMajorTableWriter.formatNumber(value);
			assertThat(Double.doubleToLongBits(Double.parseDouble(text))).as(text)
				.isEqualTo(Double.doubleToLongBits(value));
		}
		assertThat(ColumnMajorTableWriter.formatNumber(-0.0)).isEqualTo("-0.0");
		assertThat(ColumnMajorTableWriter.formatNumber(Double.NaN)).isEqualTo("NaN");
	}

	@ParameterizedTest
	@ValueSource(strings = { "2020-10-01T10:29:55.986+01:00", "2020-08-15T15:33:44.897Z", "2018-11-13T20:20:39+00:00",
			"2024-02-29T23:59:59.123456789-12:30", "1969-12-31T23:59:59.5Z", "0001-01-01T00:00:00Z",
			"9999-12-31T23:59:59.999999999+14:00", "2020-10-01t10:29:55z", "2020-10-01T10:29:55.1Z" })
	void timestampsParseAsTheJdk(String text) {
		Instant expected = OffsetDateTime.parse(text.toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
		assertThat(Rfc3339.parse(text)).isEqualTo(expected);
		assertThat(ColumnMajorTableReader.pack(expected)).isEqualTo(PackedInstant.pack(expected));
	}

	@ParameterizedTest
	@ValueSource(strings = { "2020-08-21T0:00:00.001", "2020-02-18T20:00:00", "", "2020-02-30T00:00:00Z",
			"2020-01-01T24:00:00Z", "2020-01-01T00:00Z", "2020-01-01 00:00:00Z", "2020-01-01T00:00:00.Z",
			"2020-01-01T00:00:00+0100", "2020-01-01T00:00:00+01:00x", "2020-01-01T00:00:60Z",
			"2020-01-01T00:00:00.1234567891Z" })
	void notRfc3339Rejected(String text) {
		assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeParseException.class);
	}

	@Test
	void instantsFormatAsIsoInstant() {
		Random random = new Random(3);
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochSecond(random.nextLong() % 253_402_300_799L,
					(i % 3 == 0) ? 0 : (i % 3 == 1) ? random.nextInt(1000) * 1_000_000 : random.nextInt(1_000_000_000));
			assertThat(Rfc3339.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
		}
		Instant far = Instant.parse("+12020-01-01T00:00:00Z");
		assertThat(Rfc3339.format(far)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(far));
	}

	@Test
	void packedInstantsFormatAsIsoInstant() {
		Random random = new Random(5);
		tech.tablesaw.api.InstantColumn column = tech.tablesaw.api.InstantColumn.create("t");
		for (int i = 0; i < 50_000; i++) {
			column.append(Instant.ofEpochMilli(Math.floorMod(random.nextLong(), 253_402_300_799_000L) - 62_000_000_000_000L));
		}
		column.append(Instant.parse("1970-01-01T00:00:00Z"));
		column.append(Instant.parse("2024-02-29T23:59:59.999Z"));
		char[] buffer = new char[32];
		for (int row = 0; row < column.size(); row++) {
			int length = Rfc3339.formatPacked(column.getLongInternal(row), buffer);
			String expected = DateTimeFormatter.ISO_INSTANT.format(column.get(row));
			if (length >= 0) {
				assertThat(new String(buffer, 0, length)).isEqualTo(expected);
			}
			else {
				int year = column.get(row).atZone(java.time.ZoneOffset.UTC).getYear();
				assertThat(year < 0 || year > 9999).as(expected).isTrue();
			}
		}
	}

	private static String parse(String text, boolean fast) {
		try {
			double value = fast ? NumberInput.parseDouble(text, true) : Double.parseDouble(text);
			return Long.toHexString(Double.doubleToRawLongBits(value));
		}
		catch (NumberFormatException ex) {
			return "NumberFormatException";
		}
	}

}
