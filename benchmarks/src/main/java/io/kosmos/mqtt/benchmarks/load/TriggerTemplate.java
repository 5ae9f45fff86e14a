package io.kosmos.mqtt.benchmarks.load;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A {@code sensor_update} trigger of R rows × C {@code number} columns in the KOSMoS
 * layout (column-major, every value a JSON string), built once, with the contract as the
 * only part that changes between triggers.
 */
final class TriggerTemplate {

	private final byte[] head;

	private final byte[] tail;

	TriggerTemplate(int rows, int columns, String sensor) {
		StringBuilder tail = new StringBuilder(rows * columns * 10 + 512);
		tail.append("\",\"machine\":\"loadgen-machine\",\"sensor\":\"").append(sensor)
			.append("\",\"type\":\"sensor_update\",\"payload\":{\"body\":{\"machineID\":\"loadgen-machine\",")
			.append("\"timestamp\":\"").append(Instant.now()).append("\",\"columns\":[");
		for (int column = 0; column < columns; column++) {
			tail.append(column == 0 ? "" : ",").append("{\"name\":\"c").append(column)
				.append("\",\"type\":\"number\",\"meta\":{\"unit\":\"\",\"description\":\"load column ")
				.append(column).append("\"}}");
		}
		tail.append("],\"data\":[");
		for (int column = 0; column < columns; column++) {
			tail.append(column == 0 ? "[" : ",[");
			for (int row = 0; row < rows; row++) {
				if (row > 0) {
					tail.append(',');
				}
				appendValue(tail, row, column);
			}
			tail.append(']');
		}
		tail.append("]}}}}");
		this.head = "{\"body\":{\"contract\":\"".getBytes(StandardCharsets.UTF_8);
		this.tail = tail.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Appends a deterministic value with three decimals, quoted, as KOSMoS sends numbers. */
	private static void appendValue(StringBuilder out, int row, int column) {
		long thousandths = ((row * 7919L + column * 104_729L) % 1_000_000L) - 500_000L;
		out.append('"');
		if (thousandths < 0) {
			out.append('-');
			thousandths = -thousandths;
		}
		out.append(thousandths / 1000).append('.');
		long fraction = thousandths % 1000;
		if (fraction < 100) {
			out.append('0');
		}
		if (fraction < 10) {
			out.append('0');
		}
		out.append(fraction).append('"');
	}

	/** Returns the trigger's bytes for this contract, which must need no JSON escaping. */
	byte[] render(String contract) {
		byte[] contractBytes = contract.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream(size(contractBytes.length));
		out.writeBytes(this.head);
		out.writeBytes(contractBytes);
		out.writeBytes(this.tail);
		return out.toByteArray();
	}

	int size(int contractLength) {
		return this.head.length + contractLength + this.tail.length;
	}

}
