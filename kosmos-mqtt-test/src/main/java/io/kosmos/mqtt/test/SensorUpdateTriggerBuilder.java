package io.kosmos.mqtt.test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.message.ColumnType;
import io.kosmos.mqtt.table.ColumnMajorTableWriter;
import io.kosmos.mqtt.table.Rfc3339;
import tech.tablesaw.api.Table;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds a {@code sensor_update} trigger from a Tablesaw table: numeric columns become
 * {@code number}, instant and date-time columns {@code rfctime}, all others
 * {@code string}, as {@link ColumnMajorTableWriter} writes them. Every column gets a unit,
 * empty unless {@link #unit(String, String)} sets one.
 */
public final class SensorUpdateTriggerBuilder extends TriggerBuilder<SensorUpdateTriggerBuilder> {

	private final Table table;

	private final Map<String, String> units = new LinkedHashMap<>();

	private final Map<String, String> descriptions = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> futures = new LinkedHashMap<>();

	private final List<ObjectNode> meta = new java.util.ArrayList<>();

	private Instant timestamp = Instant.now();

	private String machineId;

	SensorUpdateTriggerBuilder(Table table) {
		if (table == null) {
			throw new IllegalArgumentException("A sensor update needs a table, got null");
		}
		if (table.columnCount() == 0) {
			throw new IllegalArgumentException("Table '" + table.name()
					+ "' has no columns; a sensor update needs at least one column with at least one value");
		}
		if (table.rowCount() == 0) {
			throw new IllegalArgumentException("Table '" + table.name() + "' has columns " + table.columnNames()
					+ " but no rows; a sensor update needs at least one value per column");
		}
		this.table = table;
	}

	/**
	 * Sets the unit of a column ({@code columns[].meta.unit}).
	 * @param column the column name
	 * @param unit the unit, for example {@code mm}
	 * @return this builder
	 */
	public SensorUpdateTriggerBuilder unit(String column, String unit) {
		this.units.put(checkColumn(column), (unit != null) ? unit : "");
		return this;
	}

	/**
	 * Sets the description of a column ({@code columns[].meta.description}).
	 * @param column the column name
	 * @param description what the column measures
	 * @return this builder
	 */
	public SensorUpdateTriggerBuilder description(String column, String description) {
		this.descriptions.put(checkColumn(column), description);
		return this;
	}

	/**
	 * Sets the {@code future} object of a column ({@code columns[].meta.future}).
	 * @param column the column name
	 * @param future plain Java values: maps, lists, strings, numbers, booleans
	 * @return this builder
	 */
	public SensorUpdateTriggerBuilder future(String column, Map<String, Object> future) {
		this.futures.put(checkColumn(column), Map.copyOf(future));
		return this;
	}

	/**
	 * Adds an entry to the message-level {@code meta} list.
	 * @param name the entry's name
	 * @param type how its value is meant to be read
	 * @param value the value as a string, for example {@code "15"}
	 * @return this builder
	 */
	public SensorUpdateTriggerBuilder meta(String name, ColumnType type, String value) {
		ObjectNode entry = NODES.objectNode();
		entry.put("name", requireText(name, "meta name"));
		entry.put("type", type.wireName());
		entry.put("value", value);
		this.meta.add(entry);
		return this;
	}

	/**
	 * Sets the payload's timestamp (default: when the builder was created).
	 * @param timestamp the time of the sensor update
	 * @return this builder
	 */
	public SensorUpdateTriggerBuilder timestamp(Instant timestamp) {
		if (timestamp == null) {
			throw new IllegalArgumentException("A sensor update needs a timestamp, got null");
		}
		this.timestamp = timestamp;
		return this;
	}

	/**
	 * Sets the payload's optional {@code machineID}.
	 * @param machineId the machine id
	 * @return this builder
	 */
	public SensorUpdateTriggerBuilder machineId(String machineId) {
		this.machineId = machineId;
		return this;
	}

	@Override
	String type() {
		return "sensor_update";
	}

	@Override
	ObjectNode payload() {
		ObjectNode series = ColumnMajorTableWriter.write(this.table, Map.of());
		ObjectNode body = NODES.objectNode();
		body.put("timestamp", Rfc3339.format(this.timestamp));
		if (this.machineId != null) {
			body.put("machineID", this.machineId);
		}
		ArrayNode columns = (ArrayNode) series.get("columns");
		for (int i = 0; i < columns.size(); i++) {
			ObjectNode column = (ObjectNode) columns.get(i);
			String name = column.get("name").asString();
			ObjectNode columnMeta = column.putObject("meta");
			columnMeta.put("unit", this.units.getOrDefault(name, ""));
			if (this.descriptions.containsKey(name)) {
				columnMeta.put("description", this.descriptions.get(name));
			}
			if (this.futures.containsKey(name)) {
				columnMeta.set("future", JSON.valueToTree(this.futures.get(name)));
			}
		}
		body.set("columns", columns);
		body.set("data", series.get("data"));
		if (!this.meta.isEmpty()) {
			body.putArray("meta").addAll(this.meta);
		}
		ObjectNode payload = NODES.objectNode();
		payload.set("body", body);
		return payload;
	}

	private String checkColumn(String column) {
		if (!this.table.columnNames().contains(column)) {
			throw new IllegalArgumentException("Column '" + column + "' is not in table '" + this.table.name()
					+ "'; its columns are " + this.table.columnNames());
		}
		return column;
	}

}
