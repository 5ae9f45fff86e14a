package io.kosmos.mqtt.message;

/**
 * One entry of a sensor update's message-level {@code meta} list.
 *
 * @param name the entry's name
 * @param type how its value is meant to be read
 * @param value the value, as sent
 * @param description what the entry means, or {@code null}
 */
public record MessageMeta(String name, ColumnType type, String value, String description) {
}
