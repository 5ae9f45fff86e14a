package io.kosmos.mqtt.message;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisInput.TableInput;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.handler.PreviousResult;
import io.kosmos.mqtt.table.ColumnMajorTableReader;
import io.kosmos.mqtt.table.Rfc3339;
import tech.tablesaw.api.Table;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Parses the bytes of a trigger into a {@link Trigger}: a {@code sensor_update}, or an
 * {@code analyse_result} whose payload is a {@code time_series},
 * {@code multiple_time_series} or {@code text} result of the previous tool.
 *
 * <p>Three passes, none of which walks the bulk data twice:
 * <ol>
 * <li>the JSON is parsed into a tree, except for the {@code data} arrays, whose strings
 * go straight into column buffers ({@link BulkDataJsonReader});</li>
 * <li>the fields most often wrong are checked in code, so that the error names the field,
 * the column and the value; then the envelope and the payload are checked against the
 * starter's JSON Schemas, which catch everything else;</li>
 * <li>the data is converted into Tablesaw columns, each value checked on the way
 * ({@link ColumnMajorTableReader}).</li>
 * </ol>
 */
public class TriggerReader {

	private static final String PAYLOAD_BODY = "body.payload.body";

	private final ObjectMapper objectMapper;

	private final SchemaValidator schemaValidator;

	private final TriggerLimits limits;

	private final TriggerCheck envelopeCheck;

	private final BulkDataJsonReader jsonReader;

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
		this(objectMapper, schemaValidator, TriggerLimits.ofMaxTriggerSize(maxPayloadBytes), TriggerCheck.NONE);
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
		this.jsonReader = new BulkDataJsonReader(limits.jsonMapper());
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
		BulkDataJsonReader.Parsed parsed = parse(payload);
		JsonNode root = parsed.root();

		JsonNode body = checkEnvelope(root);
		this.schemaValidator.validate(root, MessageSchema.TRIGGER, "Trigger");
		if (this.envelopeCheck != TriggerCheck.NONE) {
			// The streamed tree has stand-ins for the data arrays, but a check such as the
			// signature verification needs the whole body, so it gets a full parse.
			this.envelopeCheck.check(parseTree(payload));
		}
		String contract = body.get("contract").stringValue();
		String machine = body.get("machine").stringValue();
		String sensor = body.get("sensor").stringValue();
		checkTopicLevel("body.contract", contract);
		checkTopicLevel("body.machine", machine);
		checkTopicLevel("body.sensor", sensor);
		TriggerType type = TriggerType.fromWireName(body.get("type").stringValue());
		JsonNode message = body.get("payload");
		JsonNode data = message.get("body");
		checkTypeMatchesPayload(type, data);

		if (type == TriggerType.ANALYSE_RESULT) {
			return readAnalysisResult(parsed, contract, machine, sensor, message, data);
		}
		checkSensorUpdate(data);
		Instant timestamp = parseTimestamp(data.get("timestamp"), PAYLOAD_BODY + ".timestamp");
		this.schemaValidator.validate(message, MessageSchema.SENSOR_UPDATE, "Payload of the sensor_update trigger");
		List<ColumnMetadata> columns = readColumns(data.get("columns"));
		Table table = ColumnMajorTableReader.read(sensor, columns, data.get("data"), PAYLOAD_BODY + ".data",
				parsed::column, true, this.limits);
		List<MessageMeta> meta = readMeta(data.get("meta"));
		return new Trigger(contract, machine, sensor, type, timestamp, new TableInput(table, columns), meta, null);
	}

	private Trigger readAnalysisResult(BulkDataJsonReader.Parsed parsed, String contract, String machine,
			String sensor, JsonNode message, JsonNode data) {
		ResultType resultType = checkAnalysisResult(data);
		Instant timestamp = parseTimestamp(data.get("timestamp"), PAYLOAD_BODY + ".timestamp");
		this.schemaValidator.validate(message, MessageSchema.ANALYSIS, "Payload of the analyse_result trigger");
		JsonNode calculated = data.get("calculated");
		Instant calculatedReceived = parseTimestamp(calculated.get("received"), PAYLOAD_BODY + ".calculated.received");
		JsonNode calculatedMessage = calculated.get("message");
		JsonNode model = data.get("model");
		PreviousResult previous = new PreviousResult(data.get("from").stringValue(), model.get("url").stringValue(),
				model.get("tag").stringValue(), resultType, calculatedMessage.get("machine").stringValue(),
				calculatedMessage.get("sensor").stringValue(), calculatedReceived);

		JsonNode results = data.get("results");
		String resultsPath = PAYLOAD_BODY + ".results";
		AnalysisInput input = switch (resultType) {
			case TIME_SERIES -> readTimeSeries(parsed, sensor, results, resultsPath);
			case MULTIPLE_TIME_SERIES -> {
				List<TableInput> tables = new ArrayList<>(results.size());
				for (int i = 0; i < results.size(); i++) {
					tables.add(readTimeSeries(parsed, sensor + "-" + i, results.get(i), resultsPath + "[" + i + "]"));
				}
				yield new AnalysisInput.TablesInput(tables);
			}
			case TEXT -> new AnalysisInput.TextInput(readText(results));
		};
		return new Trigger(contract, machine, sensor, TriggerType.ANALYSE_RESULT, timestamp, input, List.of(),
				previous);
	}

	private TableInput readTimeSeries(BulkDataJsonReader.Parsed parsed, String tableName, JsonNode series,
			String path) {
		JsonNode columnsNode = series.get("columns");
		List<ColumnMetadata> columns = new ArrayList<>(columnsNode.size());
		for (JsonNode column : columnsNode) {
			JsonNode allowed = column.get("allowed_values");
			@SuppressWarnings("unchecked")
			List<Object> allowedValues = (allowed != null) ? this.objectMapper.convertValue(allowed, List.class)
					: List.of();
			columns.add(new ColumnMetadata(column.get("name").stringValue(),
					ColumnType.fromWireName(column.get("type").stringValue()), "", null, Map.of(), allowedValues));
		}
		Table table = ColumnMajorTableReader.read(tableName, columns, series.get("data"), path + ".data",
				parsed::column, false, this.limits);
		return new TableInput(table, columns);
	}

	private static AnalysisResult.Text readText(JsonNode results) {
		List<AnalysisResult.TextPart> parts = new ArrayList<>();
		JsonNode partsNode = results.get("parts");
		if (partsNode != null) {
			for (JsonNode part : partsNode) {
				List<AnalysisResult.SensorPart> sensors = new ArrayList<>();
				JsonNode sensorsNode = part.get("sensors");
				if (sensorsNode != null) {
					for (JsonNode sensor : sensorsNode) {
						sensors.add(new AnalysisResult.SensorPart(sensor.get("sensor").stringValue(),
								sensor.get("result").stringValue(), sensor.get("predict").doubleValue()));
					}
				}
				parts.add(new AnalysisResult.TextPart(part.get("machine").stringValue(),
						part.get("result").stringValue(), part.get("predict").doubleValue(), sensors));
			}
		}
		return new AnalysisResult.Text(results.get("total").stringValue(), results.get("predict").doubleValue(),
				parts);
	}

	private JsonNode parseTree(byte[] payload) {
		try {
			return this.objectMapper.readTree(payload);
		}
		catch (StreamConstraintsException ex) {
			throw this.limits.rejection(ex);
		}
	}

	private BulkDataJsonReader.Parsed parse(byte[] payload) {
		try {
			BulkDataJsonReader.Parsed parsed = this.jsonReader.read(payload);
			if (parsed.root() == null || parsed.root().isMissingNode()) {
				throw new InvalidTriggerException(RejectionReason.INVALID_JSON,
						"Trigger is empty; send a JSON object with a 'body'");
			}
			return parsed;
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

	// Checks in code, before the schemas, so that the common errors name field, column and value.

	private static JsonNode checkEnvelope(JsonNode root) {
		if (!root.isObject()) {
			throw schema("Trigger is a JSON " + jsonType(root) + "; send a JSON object with a 'body'");
		}
		JsonNode body = requireObject(root, "body", "body", "a trigger is {\"body\": {...}}");
		String needs = "a trigger's body needs contract, machine, sensor, type and payload";
		for (String field : new String[] { "contract", "machine", "sensor", "type" }) {
			String value = requireString(body, field, "body." + field, needs);
			if (value.isEmpty()) {
				throw new InvalidTriggerException(RejectionReason.INVALID_ID,
						"Field body." + field + " is empty; send the " + field + ((field.equals("type")) ? "" : " id"));
			}
		}
		String type = body.get("type").stringValue();
		if (TriggerType.fromWireName(type) == null) {
			throw schema("Field body.type value '" + LogText.printable(type)
					+ "' is not a trigger type; send sensor_update or analyse_result");
		}
		JsonNode payload = requireObject(body, "payload", "body.payload", needs);
		requireObject(payload, "body", PAYLOAD_BODY,
				"the payload is a whole KOSMoS message, so wrap its fields in {\"body\": {...}}");
		return body;
	}

	private static void checkTypeMatchesPayload(TriggerType type, JsonNode data) {
		boolean looksLikeResult = data.has("results") && !data.has("columns");
		boolean looksLikeUpdate = data.has("columns") && !data.has("results");
		if (type == TriggerType.SENSOR_UPDATE && looksLikeResult) {
			throw schema("Field body.type is 'sensor_update' but " + PAYLOAD_BODY
					+ " is an analysis result (it has 'results', no 'columns'); send type 'analyse_result' "
					+ "or a sensor update payload");
		}
		if (type == TriggerType.ANALYSE_RESULT && looksLikeUpdate) {
			throw schema("Field body.type is 'analyse_result' but " + PAYLOAD_BODY
					+ " is a sensor update (it has 'columns', no 'results'); send type 'sensor_update' "
					+ "or an analysis result payload");
		}
	}

	private static void checkSensorUpdate(JsonNode data) {
		String needs = "a sensor update's body needs timestamp, columns and data";
		requireString(data, "timestamp", PAYLOAD_BODY + ".timestamp", needs);
		JsonNode columns = requireArray(data, "columns", PAYLOAD_BODY + ".columns", needs);
		requireArray(data, "data", PAYLOAD_BODY + ".data", needs);
		for (int i = 0; i < columns.size(); i++) {
			String path = PAYLOAD_BODY + ".columns[" + i + "]";
			String name = checkColumn(columns.get(i), path);
			JsonNode meta = columns.get(i).get("meta");
			if (meta == null || !meta.isObject()) {
				throw schema("Column '" + LogText.printable(name) + "' (" + path + ".meta) has "
						+ ((meta == null) ? "no meta" : "a meta that is a JSON " + jsonType(meta))
						+ "; a sensor update column needs \"meta\": {\"unit\": \"...\"}");
			}
			JsonNode unit = meta.get("unit");
			if (unit == null || !unit.isString()) {
				throw schema("Column '" + LogText.printable(name) + "' (" + path + ".meta.unit) has "
						+ ((unit == null) ? "no unit" : "a unit that is a JSON " + jsonType(unit))
						+ "; send \"unit\": \"\" when the values have none");
			}
		}
	}

	private static ResultType checkAnalysisResult(JsonNode data) {
		String needs = "an analysis result's body needs from, model, timestamp, type, calculated and results";
		requireString(data, "from", PAYLOAD_BODY + ".from", needs);
		requireObject(data, "model", PAYLOAD_BODY + ".model", needs);
		requireString(data, "timestamp", PAYLOAD_BODY + ".timestamp", needs);
		String typeName = requireString(data, "type", PAYLOAD_BODY + ".type", needs);
		requireObject(data, "calculated", PAYLOAD_BODY + ".calculated", needs);
		if (!data.has("results")) {
			throw schema("Field " + PAYLOAD_BODY + ".results is missing; " + needs);
		}
		ResultType type = ResultType.fromWireName(typeName);
		if (type == null) {
			throw schema("Field " + PAYLOAD_BODY + ".type value '" + LogText.printable(typeName)
					+ "' is not a result type; send time_series, multiple_time_series or text");
		}
		JsonNode results = data.get("results");
		String path = PAYLOAD_BODY + ".results";
		switch (type) {
			case TIME_SERIES -> {
				requireShape(results, true, type, path, "an object with columns and data");
				checkTimeSeries(results, path);
			}
			case MULTIPLE_TIME_SERIES -> {
				requireShape(results, false, type, path, "an array of objects with columns and data");
				for (int i = 0; i < results.size(); i++) {
					if (results.get(i).isObject()) {
						checkTimeSeries(results.get(i), path + "[" + i + "]");
					}
				}
			}
			case TEXT -> requireShape(results, true, type, path, "an object with total and predict");
		}
		return type;
	}

	private static void requireShape(JsonNode results, boolean object, ResultType type, String path, String send) {
		if (object ? !results.isObject() : !results.isArray()) {
			throw schema("Field " + PAYLOAD_BODY + ".type is '" + type.wireName() + "' but " + path + " is a JSON "
					+ jsonType(results) + "; send " + send);
		}
	}

	private static void checkTimeSeries(JsonNode series, String path) {
		String needs = "a time series needs columns and data";
		JsonNode columns = requireArray(series, "columns", path + ".columns", needs);
		requireArray(series, "data", path + ".data", needs);
		for (int i = 0; i < columns.size(); i++) {
			checkColumn(columns.get(i), path + ".columns[" + i + "]");
		}
	}

	/** Checks name and type of a column description and returns its name. */
	private static String checkColumn(JsonNode column, String path) {
		if (!column.isObject()) {
			throw schema("Field " + path + " is a JSON " + jsonType(column)
					+ "; send an object with name and type");
		}
		String needs = "every column needs a name and a type";
		String name = requireString(column, "name", path + ".name", needs);
		String type = requireString(column, "type", path + ".type", needs);
		if (ColumnType.fromWireName(type) == null) {
			throw schema("Column '" + LogText.printable(name) + "' (" + path + ".type) has type '"
					+ LogText.printable(type) + "', which is not a KOSMoS column type; use number, string or rfctime");
		}
		return name;
	}

	private static JsonNode requireObject(JsonNode parent, String field, String path, String needs) {
		JsonNode node = parent.get(field);
		if (node == null) {
			throw schema("Field " + path + " is missing; " + needs);
		}
		if (!node.isObject()) {
			throw schema("Field " + path + " is a JSON " + jsonType(node) + "; send an object");
		}
		return node;
	}

	private static JsonNode requireArray(JsonNode parent, String field, String path, String needs) {
		JsonNode node = parent.get(field);
		if (node == null) {
			throw schema("Field " + path + " is missing; " + needs);
		}
		if (!node.isArray()) {
			throw schema("Field " + path + " is a JSON " + jsonType(node) + "; send an array");
		}
		return node;
	}

	private static String requireString(JsonNode parent, String field, String path, String needs) {
		JsonNode node = parent.get(field);
		if (node == null) {
			throw schema("Field " + path + " is missing; " + needs);
		}
		if (!node.isString()) {
			throw schema("Field " + path + " is a JSON " + jsonType(node) + " (" + LogText.printable(node.toString())
					+ "); send a string");
		}
		return node.stringValue();
	}

	private static String jsonType(JsonNode node) {
		return node.getNodeType().name().toLowerCase();
	}

	private static InvalidTriggerException schema(String message) {
		return new InvalidTriggerException(RejectionReason.SCHEMA_VIOLATION, message);
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

	private static Instant parseTimestamp(JsonNode node, String path) {
		String value = node.stringValue();
		try {
			return Rfc3339.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidTriggerException(RejectionReason.INVALID_DATA, "Field " + path + " value '"
					+ LogText.printable(value) + "' is not an RFC 3339 timestamp; send one such as \"2020-08-15T15:33:44.897Z\"");
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
				throw new InvalidTriggerException(RejectionReason.INVALID_ID, "Field " + path + " value '"
						+ LogText.printable(value) + "' contains '" + shown
						+ "', which is not allowed in an MQTT topic level; "
						+ "send an id without '/', '+', '#' or control characters");
			}
		}
	}

	private static String textOrNull(JsonNode node) {
		return (node != null && node.isString()) ? node.stringValue() : null;
	}

}
