package io.kosmos.mqtt.config.ini;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parser of the INI files of the Python predecessor: {@code [section]} headers,
 * {@code key = value} or {@code key: value} lines, blank lines, and whole-line comments
 * that start with {@code ;} or {@code #}.
 *
 * <p>Section names and keys are case-insensitive and returned in lower case, like
 * Python's {@code configparser} does for keys. A {@code ;} or {@code #} after a value is
 * part of the value, again as in {@code configparser}. A section header that appears
 * twice adds to the same section, and a key that appears twice in one section is an
 * error. Multi-line values (indented continuation lines) are not supported and are
 * reported as malformed lines.
 */
final class IniParser {

	private IniParser() {
	}

	/**
	 * Parses an INI file.
	 * @param fileName the file name used in error messages
	 * @param reader the file content
	 * @return the sections in the order of their first header
	 * @throws IOException if the reader fails
	 * @throws InvalidIniConfigException if a line is malformed or a key repeats
	 */
	static List<IniSection> parse(String fileName, Reader reader) throws IOException {
		Map<String, SectionBuilder> sections = new LinkedHashMap<>();
		SectionBuilder current = null;
		BufferedReader lines = new BufferedReader(reader);
		int lineNumber = 0;
		String text;
		while ((text = lines.readLine()) != null) {
			lineNumber++;
			String line = stripByteOrderMark(text, lineNumber).trim();
			if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
				continue;
			}
			if (line.startsWith("[")) {
				String name = parseSectionName(fileName, lineNumber, line);
				int headerLine = lineNumber;
				current = sections.computeIfAbsent(name, (key) -> new SectionBuilder(name, headerLine));
				continue;
			}
			if (current == null) {
				throw malformed(fileName, lineNumber, line);
			}
			current.add(parseEntry(fileName, lineNumber, line), fileName);
		}
		return sections.values().stream().map(SectionBuilder::build).toList();
	}

	private static String stripByteOrderMark(String text, int lineNumber) {
		if (lineNumber == 1 && text.startsWith("\uFEFF")) {
			return text.substring(1);
		}
		return text;
	}

	private static String parseSectionName(String fileName, int lineNumber, String line) {
		if (!line.endsWith("]")) {
			throw new InvalidIniConfigException(location(fileName, lineNumber)
					+ ": section header has no closing ']', got '" + line + "'; write it as [name]");
		}
		String name = line.substring(1, line.length() - 1).trim();
		if (name.isEmpty()) {
			throw new InvalidIniConfigException(
					location(fileName, lineNumber) + ": section header has no name; write it as [name], for example [mqtt]");
		}
		return name.toLowerCase(Locale.ROOT);
	}

	private static IniSection.Entry parseEntry(String fileName, int lineNumber, String line) {
		int separator = indexOfSeparator(line);
		if (separator < 0) {
			throw malformed(fileName, lineNumber, line);
		}
		String key = line.substring(0, separator).trim();
		if (key.isEmpty()) {
			throw new InvalidIniConfigException(location(fileName, lineNumber) + ": key is missing before '"
					+ line.charAt(separator) + "', got '" + line + "'; write it as 'key = value'");
		}
		String value = line.substring(separator + 1).trim();
		return new IniSection.Entry(key.toLowerCase(Locale.ROOT), value, lineNumber);
	}

	private static int indexOfSeparator(String line) {
		int equals = line.indexOf('=');
		int colon = line.indexOf(':');
		if (equals < 0) {
			return colon;
		}
		if (colon < 0) {
			return equals;
		}
		return Math.min(equals, colon);
	}

	private static InvalidIniConfigException malformed(String fileName, int lineNumber, String line) {
		return new InvalidIniConfigException(location(fileName, lineNumber)
				+ ": expected 'key = value' inside a [section], got '" + line + "'");
	}

	static String location(String fileName, int lineNumber) {
		return fileName + " line " + lineNumber;
	}

	private static final class SectionBuilder {

		private final String name;

		private final int line;

		private final Map<String, IniSection.Entry> entries = new LinkedHashMap<>();

		SectionBuilder(String name, int line) {
			this.name = name;
			this.line = line;
		}

		void add(IniSection.Entry entry, String fileName) {
			IniSection.Entry previous = this.entries.putIfAbsent(entry.key(), entry);
			if (previous != null) {
				throw new InvalidIniConfigException(location(fileName, entry.line()) + ": key '" + entry.key()
						+ "' is already set in [" + this.name + "] on line " + previous.line()
						+ "; remove one of the two lines");
			}
		}

		IniSection build() {
			return new IniSection(this.name, this.line, new ArrayList<>(this.entries.values()));
		}

	}

}
