package io.kosmos.mqtt.message;

import java.util.IdentityHashMap;
import java.util.Map;

import io.kosmos.mqtt.table.RawColumn;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses a trigger into a JSON tree, except for the bulk {@code data} arrays, whose
 * strings go straight from the parser into {@link RawColumn}s.
 *
 * <p>A 100,000-row trigger contains hundreds of thousands of strings; a node for each would
 * cost more than the rest of the work together. In the tree, each inner {@code data}
 * array is replaced by a stand-in that holds at most one (empty) string, so that the
 * JSON Schema still sees how many columns there are and whether each has a value, and
 * the values themselves are checked once, while they are converted.
 *
 * <p>Only the {@code data} arrays at {@code body.payload.body.data},
 * {@code body.payload.body.results.data} and {@code body.payload.body.results[*].data} are
 * read this way; everything else becomes an ordinary tree.
 */
final class BulkDataJsonReader {

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private enum Level {

		ROOT, BODY, PAYLOAD, PAYLOAD_BODY, RESULTS, RESULT_ITEM

	}

	private final ObjectMapper objectMapper;

	BulkDataJsonReader() {
		this(JsonMapper.builder().build());
	}

	/**
	 * Creates a reader that parses with the read constraints of a mapper.
	 * @param mapper the mapper whose settings, such as the nesting and length limits, apply
	 */
	BulkDataJsonReader(JsonMapper mapper) {
		// Sub-trees are read one at a time from a parser that goes on after them.
		this.objectMapper = mapper.rebuild().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
	}

	/**
	 * A parsed trigger.
	 *
	 * @param root the tree, with stand-ins for the bulk data arrays
	 * @param columns the values of each stand-in, by identity
	 */
	record Parsed(JsonNode root, Map<JsonNode, RawColumn> columns) {

		RawColumn column(JsonNode standIn) {
			return this.columns.get(standIn);
		}

	}

	Parsed read(byte[] payload) {
		Map<JsonNode, RawColumn> columns = new IdentityHashMap<>();
		try (JsonParser parser = this.objectMapper.createParser(payload)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				return new Parsed(null, columns);
			}
			JsonNode root = readValue(parser, Level.ROOT, columns);
			JsonToken trailing = parser.nextToken();
			if (trailing != null) {
				throw new InvalidTriggerException(RejectionReason.INVALID_JSON, "Trigger is not valid JSON: it has "
						+ trailing + " after the end of the top-level value (at line "
						+ parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr()
						+ ")");
			}
			return new Parsed(root, columns);
		}
	}

	private JsonNode readValue(JsonParser parser, Level level, Map<JsonNode, RawColumn> columns) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT && level != Level.RESULTS) {
			return readObject(parser, level, columns);
		}
		if (token == JsonToken.START_ARRAY && level == Level.RESULTS) {
			ArrayNode array = NODES.arrayNode();
			while (parser.nextToken() != JsonToken.END_ARRAY) {
				array.add(readValue(parser, Level.RESULT_ITEM, columns));
			}
			return array;
		}
		if (token == JsonToken.START_OBJECT) {
			// results object of a time series
			return readObject(parser, Level.RESULT_ITEM, columns);
		}
		return this.objectMapper.readTree(parser);
	}

	private JsonNode readObject(JsonParser parser, Level level, Map<JsonNode, RawColumn> columns) {
		ObjectNode object = NODES.objectNode();
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			parser.nextToken();
			Level child = childLevel(level, name);
			JsonNode value;
			if (child != null) {
				value = readValue(parser, child, columns);
			}
			else if (isBulkData(level, name) && parser.currentToken() == JsonToken.START_ARRAY) {
				value = readData(parser, columns);
			}
			else {
				value = this.objectMapper.readTree(parser);
			}
			object.set(name, value);
		}
		return object;
	}

	private static Level childLevel(Level level, String name) {
		return switch (level) {
			case ROOT -> "body".equals(name) ? Level.BODY : null;
			case BODY -> "payload".equals(name) ? Level.PAYLOAD : null;
			case PAYLOAD -> "body".equals(name) ? Level.PAYLOAD_BODY : null;
			case PAYLOAD_BODY -> "results".equals(name) ? Level.RESULTS : null;
			default -> null;
		};
	}

	private static boolean isBulkData(Level level, String name) {
		return (level == Level.PAYLOAD_BODY || level == Level.RESULT_ITEM) && "data".equals(name);
	}

	private ArrayNode readData(JsonParser parser, Map<JsonNode, RawColumn> columns) {
		ArrayNode data = NODES.arrayNode();
		int expectedRows = 16;
		while (parser.nextToken() != JsonToken.END_ARRAY) {
			if (parser.currentToken() != JsonToken.START_ARRAY) {
				data.add(this.objectMapper.readTree(parser));
				continue;
			}
			RawColumn column = new RawColumn(expectedRows);
			JsonToken token;
			while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
				if (token == JsonToken.VALUE_STRING) {
					column.add(parser.getString());
				}
				else {
					JsonNode value = this.objectMapper.readTree(parser);
					column.addNonString(value.toString(), value.getNodeType().name().toLowerCase());
				}
			}
			expectedRows = Math.max(expectedRows, column.size());
			ArrayNode standIn = NODES.arrayNode(1);
			if (column.size() > 0) {
				standIn.add("");
			}
			columns.put(standIn, column);
			data.add(standIn);
		}
		return data;
	}

}
