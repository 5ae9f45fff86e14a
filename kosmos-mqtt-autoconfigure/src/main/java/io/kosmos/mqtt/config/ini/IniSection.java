package io.kosmos.mqtt.config.ini;

import java.util.List;

/**
 * One {@code [section]} of an INI file with its entries in file order.
 *
 * @param name the section name in lower case
 * @param line the 1-based line of the section header
 * @param entries the entries of the section
 */
record IniSection(String name, int line, List<Entry> entries) {

	/**
	 * One {@code key = value} line.
	 *
	 * @param key the key in lower case
	 * @param value the value without surrounding whitespace
	 * @param line the 1-based line in the file
	 */
	record Entry(String key, String value, int line) {

	}

}
