package io.kosmos.mqtt.test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Common part of the trigger builders of {@link KosmosTriggers}: the trigger envelope with
 * contract, machine and sensor.
 *
 * <p>The contract defaults to a random id of letters and digits, so that tests sharing a
 * broker never see each other's results.
 *
 * @param <B> the concrete builder type, returned by the fluent setters
 */
public abstract class TriggerBuilder<B extends TriggerBuilder<B>> {

	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	static final JsonMapper JSON = JsonMapper.builder().build();

	private String contract = "test" + UUID.randomUUID().toString().replace("-", "");

	private String machine = "test-machine";

	private String sensor = "test-sensor";

	TriggerBuilder() {
	}

	/**
	 * Sets the contract id, which names the result topic {@code kosmos/analyses/<contract>}.
	 * @param contract letters and digits only, as the mediator accepts them
	 * @return this builder
	 */
	public B contract(String contract) {
		this.contract = requireText(contract, "contract");
		return self();
	}

	/**
	 * Sets the machine the data belongs to (default {@code test-machine}).
	 * @param machine the machine
	 * @return this builder
	 */
	public B machine(String machine) {
		this.machine = requireText(machine, "machine");
		return self();
	}

	/**
	 * Sets the sensor the data belongs to (default {@code test-sensor}).
	 * @param sensor the sensor
	 * @return this builder
	 */
	public B sensor(String sensor) {
		this.sensor = requireText(sensor, "sensor");
		return self();
	}

	/**
	 * Returns the contract id of the trigger, to wait for its result.
	 * @return the contract id
	 */
	public String contract() {
		return this.contract;
	}

	/**
	 * Builds the trigger as a JSON tree.
	 * @return the trigger message, {@code body} at the top
	 */
	public ObjectNode toJson() {
		ObjectNode trigger = NODES.objectNode();
		ObjectNode body = trigger.putObject("body");
		body.put("contract", this.contract);
		body.put("machine", this.machine);
		body.put("sensor", this.sensor);
		body.put("type", type());
		body.set("payload", payload());
		return trigger;
	}

	/**
	 * Builds the trigger as UTF-8 JSON, ready to publish.
	 * @return the trigger message
	 */
	public byte[] toBytes() {
		return JSON.writeValueAsString(toJson()).getBytes(StandardCharsets.UTF_8);
	}

	String machine() {
		return this.machine;
	}

	String sensor() {
		return this.sensor;
	}

	/** Returns the trigger type as sent: {@code sensor_update} or {@code analyse_result}. */
	abstract String type();

	/** Builds the payload: a whole sensor update or analysis message. */
	abstract ObjectNode payload();

	@SuppressWarnings("unchecked")
	private B self() {
		return (B) this;
	}

	static String requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException("A trigger's " + name + " must not be empty, got "
					+ ((value != null) ? "'" + value + "'" : "null"));
		}
		return value;
	}

}
