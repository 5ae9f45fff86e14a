package io.kosmos.mqtt.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisResult;
import io.kosmos.mqtt.support.PersistentTestClient;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Triggers, handlers and result counting shared by the reliability tests.
 */
final class ReliabilityFixtures {

	private static final String TEMPLATE = load("triggers/conveyor-trigger.json");

	private ReliabilityFixtures() {
	}

	/**
	 * Returns a valid trigger whose contract, machine and sensor are given; the result
	 * goes to {@code kosmos/analyses/<contract>}.
	 */
	static byte[] trigger(String contract, String machine, String sensor) {
		return TEMPLATE.replace("\"k2301\"", "\"" + contract + "\"")
			.replace("\"conveyor-3\"", "\"" + machine + "\"")
			.replace("\"belt-motor\"", "\"" + sensor + "\"")
			.getBytes(StandardCharsets.UTF_8);
	}

	/** Returns a handler that waits {@code millis} and then returns the contract and row count. */
	static AnalysisHandler handler(long millis) {
		return (request) -> {
			if (millis > 0) {
				Thread.sleep(millis);
			}
			return AnalysisResult.timeSeries(Table.create("summary",
					StringColumn.create("contract", request.contract()),
					DoubleColumn.create("rows", new double[] { request.table().rowCount() })));
		};
	}

	/** Returns the contracts of the results a client received, without duplicates. */
	static Set<String> distinctContracts(List<PersistentTestClient.Received> received) {
		Set<String> contracts = new TreeSet<>();
		for (PersistentTestClient.Received message : received) {
			if (message.topic().startsWith("kosmos/analyses/")) {
				contracts.add(message.topic().substring("kosmos/analyses/".length()));
			}
		}
		return contracts;
	}

	/** Returns the number of results a client received, duplicates included. */
	static long resultCount(List<PersistentTestClient.Received> received) {
		return received.stream().filter((message) -> message.topic().startsWith("kosmos/analyses/")).count();
	}

	private static String load(String path) {
		try (InputStream in = ReliabilityFixtures.class.getClassLoader().getResourceAsStream(path)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
