package io.kosmos.mqtt.signature;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serialises a JSON tree into the canonical bytes that KOSMoS signatures are computed
 * over, so that the same body gives the same bytes whatever its key order or whitespace
 * on the wire.
 *
 * <p>The canonical form is UTF-8 JSON with:
 * <ul>
 * <li>the members of every object, at every level, sorted by key in Unicode code point
 * order (not UTF-16 code unit order, which differs for characters above U+FFFF);</li>
 * <li>array elements in their order;</li>
 * <li>no whitespace between tokens: {@code {"a":[1,"x"],"b":null}};</li>
 * <li>strings escaped as Jackson 3 writes them by default: {@code "} and {@code \} with a
 * backslash, U+0008, U+0009, U+000A, U+000C and U+000D as {@code \b \t \n \f \r}, the
 * other characters below U+0020 as {@code \}{@code u00XX} with upper-case hex digits, and
 * everything else, non-ASCII included, as raw UTF-8;</li>
 * <li>numbers as Jackson writes the parsed value: integers as plain digits, other numbers
 * as Java's {@code Double.toString} or {@code BigDecimal.toString} gives them.</li>
 * </ul>
 * From Python, {@code json.dumps(body, sort_keys=True, separators=(",", ":"),
 * ensure_ascii=False)} gives the same bytes for bodies without non-integer numbers and
 * without control characters other than the five named ones (Python writes lower-case
 * hex digits).
 */
public final class CanonicalJson {

	// NOTE: a non-integer JSON number is written from its parsed value, so "1.50" or
	// "1e5" from another implementation come out as 1.5 and 100000.0. KOSMoS sends data
	// values as JSON strings, which are kept exactly.

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/** Orders keys by Unicode code point. */
	static final Comparator<String> CODE_POINT_ORDER = CanonicalJson::compareCodePoints;

	private CanonicalJson() {
	}

	/**
	 * Serialises a JSON tree in the canonical form.
	 * @param node the tree, for example a message's {@code body}
	 * @return the canonical UTF-8 bytes
	 */
	public static byte[] toBytes(JsonNode node) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator generator = MAPPER.createGenerator(out)) {
			write(node, generator);
		}
		return out.toByteArray();
	}

	private static void write(JsonNode node, JsonGenerator generator) {
		if (node.isObject()) {
			List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
			members.sort(Map.Entry.comparingByKey(CODE_POINT_ORDER));
			generator.writeStartObject();
			for (Map.Entry<String, JsonNode> member : members) {
				generator.writeName(member.getKey());
				write(member.getValue(), generator);
			}
			generator.writeEndObject();
		}
		else if (node.isArray()) {
			generator.writeStartArray();
			for (JsonNode element : node) {
				write(element, generator);
			}
			generator.writeEndArray();
		}
		else {
			// Scalars: Jackson writes strings, numbers, booleans and null in the form above.
			MAPPER.writeTree(generator, node);
		}
	}

	private static int compareCodePoints(String left, String right) {
		int i = 0;
		int j = 0;
		while (i < left.length() && j < right.length()) {
			int a = left.codePointAt(i);
			int b = right.codePointAt(j);
			if (a != b) {
				return Integer.compare(a, b);
			}
			i += Character.charCount(a);
			j += Character.charCount(b);
		}
		return Integer.compare(left.length() - i, right.length() - j);
	}

}
