package io.kosmos.mqtt.signature;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTests {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void knownAnswer() {
		JsonNode body = this.json.readTree("""
				{ "z": [3, "Störung", {"b": true, "a": null}],
				  "a\\"q": "tab\\there\\u001f",
				  "é": 1.5,
				  "\\ud83d\\ude00": "emoji",
				  "\\ufffd": "replacement",
				  "n": -12,
				  "e": {} }
				""");

		String canonical = new String(CanonicalJson.toBytes(body), StandardCharsets.UTF_8);

		// U+FFFD sorts before U+1F600 by code point, although its UTF-16 unit is greater.
		assertThat(canonical).isEqualTo("{\"a\\\"q\":\"tab\\there\\u001F\",\"e\":{},\"n\":-12,"
				+ "\"z\":[3,\"Störung\",{\"a\":null,\"b\":true}],\"é\":1.5,\"\ufffd\":\"replacement\","
				+ "\"\ud83d\ude00\":\"emoji\"}");
	}

	@Test
	void knownAnswerBytesAreUtf8() {
		JsonNode body = this.json.readTree("{\"s\":\"ö\"}");

		assertThat(CanonicalJson.toBytes(body))
			.containsExactly('{', '"', 's', '"', ':', '"', 0xC3, 0xB6, '"', '}');
	}

	@Test
	void keyOrderAndWhitespaceIgnored() {
		JsonNode compact = this.json.readTree("{\"b\":{\"y\":[1,2],\"x\":\"v\"},\"a\":true}");
		JsonNode spread = this.json.readTree("""
				{
				  "a" : true,
				  "b" : { "x" : "v",   "y" : [ 1, 2 ] }
				}
				""");

		assertThat(CanonicalJson.toBytes(spread)).isEqualTo(CanonicalJson.toBytes(compact));
	}

	@Test
	void arrayOrderKept() {
		JsonNode forward = this.json.readTree("[\"a\",\"b\"]");
		JsonNode backward = this.json.readTree("[\"b\",\"a\"]");

		assertThat(CanonicalJson.toBytes(forward)).isNotEqualTo(CanonicalJson.toBytes(backward));
	}

}
