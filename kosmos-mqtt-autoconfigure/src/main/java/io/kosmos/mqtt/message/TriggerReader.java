package io.kosmos.mqtt.message;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.table.ColumnMajorTableReader;
import io.kosmos.mqtt.table.Rfc3339;
import tech.tablesaw.api.Table;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Parses the bytes of a trigger into a {@link Trigger}.
 *
 * <p>The envelope and the payload's structure are checked against the JSON Schemas; the
 * bulk of the data is checked while it is converted into a table.
 */
public class TriggerReader {

	private final ObjectMapper objectMapper;

	private final SchemaValidator schemaValidator;

	private final TriggerLimits limits;

	private final TriggerCheck envelopeCheck;

	/**
	 * Creates a reader that accepts payloads of any size.
	 * @param objectMapper the mapper that parses the JSON
	 * @param schemaValidator the validator of the envelope and payload
	 */
	public TriggerReader(ObjectMapper objectMapper, SchemaValidator schemaValidator) {
		this(objectMapper, schemaValidator, Long.MAX_VALUE);
	}

	/**
	 * Creates a reader that rejects bigger payloads before parsing them. The bytes are in
	 * memory already; the limit spares the JSON tree and the table, which take several
	 * times the payload's size.
	 * @param objectMapper the mapper that parses the JSON
	 * @param schemaValidator the validator of the envelope and payload
	 * @param maxPayloadBytes the maximum payload size in bytes
	 */
	public TriggerReader(ObjectMapper objectMapper, SchemaValidator schemaValidator, long maxPayloadBytes) {
		this(objectMapper, schemaValidator, TriggerLimits.ofMaxTriggerSize(maxPayloadBytes), (root) -> {
		});
	}

	/**
	 * Creates a reader that enforces every limit of {@code limits} and runs a check on
	 * each trigger whose envelope matches the schema, before its ids and payload are read.
	 * @param schemaValidator the validator of the envelope and payload
	 * @param limits the size and shape limits; the reader parses with
	 * {@link TriggerLimits#jsonMapper()}
	 * @param envelopeCheck for example the signature verification
	 */
	public TriggerReader(SchemaValidator schemaValidator, TriggerLimits limits, TriggerCheck envelopeCheck) {
		this(limits.jsonMapper(), schemaValidator, limits, envelopeCheck);
	}

	private TriggerReader(ObjectMapper objectMapper, SchemaValidator schemaValidator, TriggerLimits limits,
			TriggerCheck envelopeCheck) {
		this.objectMapper = objectMapper;
		this.schemaValidator = schemaValidator;
		this.limits = limits;
		this.envelopeCheck = envelopeCheck;
	}

	/**
	 * Parses, validates and converts a trigger.
	 * @param payload the MQTT payload, UTF-8 JSON
	 * @return the trigger
	 * @throws InvalidTriggerException when the payload is not a valid KOSMoS trigger
	 */
	public Trigger read(byte[] payload) {
		if (payload.length > this.limits.maxTriggerSize()) {
			throw new InvalidTriggerException(RejectionReason.TOO_LARGE, "Trigger of " + payload.length
					+ " bytes is bigger than kosmos.mqtt.limits.max-trigger-size (" + this.limits.maxTriggerSize()
					+ " bytes) and is not parsed; send less data per trigger or raise the limit");
		}
		JsonNode root = parse(payload);
		this.schemaValidator.validate(root, MessageSchema.TRIGGER, "Trigger");
		this.envelopeCheck.check(root);

		JsonNode body = root.get("body");
		String contract = body.get("contract").stringValue();
		String machine = body.get("machine").stringValue();
		String sensor = body.get("sensor").stringValue();
		TriggerType type = TriggerType.fromWireName(body.get("type").stringValue());
		JsonNode message = body.get("payload");
		checkTopicLevel("body.contract", contract);
		checkTopicLevel("body.machine", machine);
		checkTopicLevel("body.sensor", sensor);

		if (type == TriggerType.ANALYSE_RESULT) {
			// TODO: read the three analysis result kinds as input; until then such triggers are rejected.
			throw new InvalidTriggerException(RejectionReason.UNSUPPORTED, "Trigger type 'analyse_result' is not supported yet by this tool; "
					+ "send a 'sensor_update' trigger");
		}

		this.schemaValidator.validate(message, MessageSchema.SENSOR_UPDATE, "Payload of the sensor_update trigger");
		JsonNode data = message.get("body");
		Instant timestamp = parseTimestamp(data.get("timestamp").stringValue(), "body.payload.body.timestamp");
		List<ColumnMetadata> columns = readColumns(data.get("columns"));
		Table table = ColumnMajorTableReader.read(sensor, columns, data.get("data"), "body.payload.body.data",
				this.limits);
		List<MessageMeta> meta = readMeta(data.get("meta"));
		return new Trigger(contract, machine, sensor, type, timestamp, table, columns, meta);
	}

	private JsonNode parse(byte[] payload) {
		try {
			JsonNode root = this.objectMapper.readTree(payload);
			if (root == null || root.isMissingNode()) {
				throw new InvalidTriggerException(RejectionReason.INVALID_JSON, "Trigger is empty; send a JSON object with a 'body'");
			}
			return root;
		}
		catch (StreamConstraintsException ex) {
			throw this.limits.rejection(ex);
		}
		catch (JacksonException ex) {
			// Limit violations such as too deep nesting carry no location.
			TokenStreamLocation location = ex.getLocation();
			String where = (location != null)
					? " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")" : "";
			throw new InvalidTriggerException(RejectionReason.INVALID_JSON,
					"Trigger is not valid JSON: " + LogText.printable(ex.getOriginalMessage(), 200) + where, ex);
		}
	}

	private List<ColumnMetadata> readColumns(JsonNode columnsNode) {
		List<ColumnMetadata> columns = new ArrayList<>(columnsNode.size());
		for (JsonNode column : columnsNode) {
			JsonNode meta = column.get("meta");
			JsonNode future = meta.get("future");
			@SuppressWarnings("unchecked")
			Map<String, Object> futureValues = (future != null) ? this.objectMapper.convertValue(future, Map.class)
					: Map.of();
			columns.add(new ColumnMetadata(column.get("name").stringValue(),
					ColumnType.fromWireName(column.get("type").stringValue()), meta.get("unit").stringValue(),
					textOrNull(meta.get("description")), futureValues));
		}
		return columns;
	}

	private List<MessageMeta> readMeta(JsonNode metaNode) {
		if (metaNode == null) {
			return List.of();
		}
		List<MessageMeta> meta = new ArrayList<>(metaNode.size());
		for (JsonNode entry : metaNode) {
			meta.add(new MessageMeta(entry.get("name").stringValue(),
					ColumnType.fromWireName(entry.get("type").stringValue()), entry.get("value").stringValue(),
					textOrNull(entry.get("description"))));
		}
		return meta;
	}

	private static Instant parseTimestamp(String value, String path) {
		try {
			return Rfc3339.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Field " + path + " value '" + LogText.printable(value)
					+ "' is not an RFC 3339 timestamp; send one such as \"2020-08-15T15:33:44.897Z\"");
		}
	}

	/**
	 * Rejects a value that would change the topic it is put into: the contract becomes a
	 * level of the result topic, so {@code a/b} must not publish to {@code kosmos/analyses/a/b}.
	 */
	private static void checkTopicLevel(String path, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '/' || c == '+' || c == '#' || Character.isISOControl(c)) {
				String shown = (Character.isISOControl(c)) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
				throw new InvalidTriggerException(RejectionReason.INVALID_ID, "Field " + path + " value '" + LogText.printable(value)
						+ "' contains '" + shown + "', which is not allowed in an MQTT topic level; "
						+ "send an id without '/', '+', '#' or control characters");
			}
		}
	}

	private static String textOrNull(JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
