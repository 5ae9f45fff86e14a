package io.kosmos.mqtt.test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.message.ColumnMetadata;
import io.kosmos.mqtt.message.InvalidTriggerException;
import io.kosmos.mqtt.message.SchemaValidator;
import io.kosmos.mqtt.message.Trigger;
import io.kosmos.mqtt.message.TriggerReader;
import tech.tablesaw.api.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An analysis result read back into Tablesaw: the view a test asserts on.
 *
 * <p>The message is read the way a next tool in the pipeline reads it, as the payload of an
 * {@code analyse_result} trigger, so it is checked against the analysis schema and every
 * value is converted: {@code number} columns become {@code DoubleColumn}s, {@code string}
 * columns {@code StringColumn}s and {@code rfctime} columns {@code InstantColumn}s.
 */
public final class ResultMessage {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TriggerReader READER = new TriggerReader(JSON, new SchemaValidator());

	private final String topic;

	private final JsonNode body;

	private final Trigger parsed;

	private ResultMessage(String topic, JsonNode body, Trigger parsed) {
		this.topic = topic;
		this.body = body;
		this.parsed = parsed;
	}

	/**
	 * Reads a received message as an analysis result.
	 * @param message a message from a result topic
	 * @return the result
	 * @throws AssertionError when the message is not a valid KOSMoS analysis message
	 */
	public static ResultMessage of(KosmosTestClient.ReceivedMessage message) {
		if (message.json() == null || !message.json().path("body").isObject()) {
			throw new AssertionError("Message on " + message.topic()
					+ " is not a KOSMoS analysis message (JSON with a body object): "
					+ KosmosTestClient.shorten(message.payload()));
		}
		JsonNode calculated = message.body().path("calculated").path("message");
		ObjectNode trigger = TriggerBuilder.NODES.objectNode();
		ObjectNode triggerBody = trigger.putObject("body");
		triggerBody.put("contract", "result");
		triggerBody.put("machine", calculated.path("machine").asString("missing"));
		triggerBody.put("sensor", calculated.path("sensor").asString("missing"));
		triggerBody.put("type", "analyse_result");
		triggerBody.set("payload", message.json());
		try {
			Trigger parsed = READER.read(JSON.writeValueAsString(trigger).getBytes(StandardCharsets.UTF_8));
			return new ResultMessage(message.topic(), message.body(), parsed);
		}
		catch (InvalidTriggerException ex) {
			throw new AssertionError("Message on " + message.topic() + " is not a valid KOSMoS analysis message: "
					+ ex.getMessage().replace("body.payload.", "") + "; message: "
					+ KosmosTestClient.shorten(message.payload()), ex);
		}
	}

	/**
	 * Returns the topic the result arrived on.
	 * @return for example {@code kosmos/analyses/c4711}
	 */
	public String topic() {
		return this.topic;
	}

	/**
	 * Returns the result kind as sent.
	 * @return {@code time_series}, {@code multiple_time_series} or {@code text}
	 */
	public String type() {
		return this.body.path("type").asString();
	}

	/**
	 * Returns the name of the tool that sent the result ({@code body.from}).
	 * @return the tool's name
	 */
	public String from() {
		return this.parsed.previous().from();
	}

	/**
	 * Returns the url of the sending tool's model.
	 * @return the model url
	 */
	public String modelUrl() {
		return this.parsed.previous().modelUrl();
	}

	/**
	 * Returns the tag of the sending tool's model.
	 * @return the model tag
	 */
	public String modelTag() {
		return this.parsed.previous().modelTag();
	}

	/**
	 * Returns the machine of the trigger the result belongs to.
	 * @return {@code calculated.message.machine}
	 */
	public String machine() {
		return this.parsed.previous().calculatedMachine();
	}

	/**
	 * Returns the sensor of the trigger the result belongs to.
	 * @return {@code calculated.message.sensor}
	 */
	public String sensor() {
		return this.parsed.previous().calculatedSensor();
	}

	/**
	 * Returns when the result was made.
	 * @return the result's {@code timestamp}
	 */
	public Instant timestamp() {
		return this.parsed.timestamp();
	}

	/**
	 * Returns the table of a {@code time_series} result.
	 * @return the table, one row per data point
	 * @throws IllegalStateException when the result is not a {@code time_series}
	 */
	public Table table() {
		return single("table()").table();
	}

	/**
	 * Returns the column descriptions of a {@code time_series} result, with their
	 * {@code allowed_values}.
	 * @return the columns, in table order
	 * @throws IllegalStateException when the result is not a {@code time_series}
	 */
	public List<ColumnMetadata> columns() {
		return single("columns()").columns();
	}

	/**
	 * Returns every table of a {@code time_series} or {@code multiple_time_series} result.
	 * @return the tables in message order, none for a {@code text} result
	 */
	public List<Table> tables() {
		return this.parsed.toRequest(this.topic, Instant.now()).tables();
	}

	/**
	 * Returns the verdict of a {@code text} result.
	 * @return the verdict with its score and parts
	 * @throws IllegalStateException when the result is not a {@code text}
	 */
	public AnalysisResult.Text text() {
		if (this.parsed.input() instanceof AnalysisInput.TextInput text) {
			return text.text();
		}
		throw new IllegalStateException("Result on " + this.topic + " is a " + type() + ", not a text result");
	}

	/**
	 * Returns the message's {@code body} as sent.
	 * @return the body
	 */
	public JsonNode body() {
		return this.body;
	}

	private AnalysisInput.TableInput single(String method) {
		if (this.parsed.input() instanceof AnalysisInput.TableInput single) {
			return single;
		}
		throw new IllegalStateException("Result on " + this.topic + " is a " + type() + ", not a time_series; "
				+ method + " needs one table" + ("text".equals(type()) ? ", use text()" : ", use tables()"));
	}

	@Override
	public String toString() {
		return type() + " result on " + this.topic + " from " + from();
	}

}
