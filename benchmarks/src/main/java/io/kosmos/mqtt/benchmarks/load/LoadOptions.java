package io.kosmos.mqtt.benchmarks.load;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of {@link LoadGenerator}. Every loop the options start is bounded
 * by a count and by a time limit, and only loopback brokers are accepted.
 */
final class LoadOptions {

	static final String USAGE = """
			Usage: java -cp benchmarks.jar io.kosmos.mqtt.benchmarks.load.LoadGenerator [options]

			Publishes sensor_update triggers to kosmos/analytics/<url>/<tag>, matches every result on
			kosmos/analyses/<contract>[/temporary] by its contract and prints sent, received, lost,
			duplicates, throughput and latency percentiles. Only loopback brokers are accepted.

			  --host HOST        broker address: localhost, 127.0.0.0/8 or ::1 (default 127.0.0.1)
			  --port PORT        broker port (default 1883)
			  --url URL          model url topic level (default bench)
			  --tag TAG          model tag topic level (default v1)
			  -n, --count N      triggers to publish; with --echo, replies after which it stops (default 1000)
			  --rows R           rows per trigger (default 10)
			  --cols C           numeric columns per trigger (default 3)
			  --qos Q            QoS of triggers, subscriptions and echo results: 0, 1 or 2 (default 1)
			  --rate R           triggers per second; 0 publishes as fast as possible (default 0)
			  --warmup N         triggers published and awaited before the measurement, not counted (default 0)
			  --timeout S        seconds to wait for missing results after the last publish; with --echo,
			                     idle seconds after which it stops (default 60)
			  --duration S       hard limit of the whole run in seconds (default 900)
			  --inflight N       maximum unacknowledged QoS 1/2 publishes of this client (default 1000)
			  --nagle            keep Nagle's algorithm on (Paho's default); by default TCP_NODELAY is set
			  --echo             reply to every trigger on kosmos/analytics/<url>/<tag> with a tiny result
			                     instead of generating load, to measure the broker's ceiling
			  --json             print the summary as one JSON object instead of text
			  -h, --help         print this help
			""";

	String host = "127.0.0.1";

	int port = 1883;

	String url = "bench";

	String tag = "v1";

	int count = 1000;

	int rows = 10;

	int columns = 3;

	int qos = 1;

	double rate = 0;

	int warmup = 0;

	int timeoutSeconds = 60;

	int durationSeconds = 900;

	int inflight = 1000;

	boolean nagle;

	boolean echo;

	boolean json;

	boolean help;

	/**
	 * Parses the arguments.
	 * @throws IllegalArgumentException on an unknown option, a missing or invalid value,
	 * or a host that is not a loopback address
	 */
	static LoadOptions parse(String... args) {
		LoadOptions options = new LoadOptions();
		List<String> rest = new ArrayList<>(List.of(args));
		while (!rest.isEmpty()) {
			String option = rest.remove(0);
			switch (option) {
				case "--host" -> options.host = checkLoopback(value(option, rest));
				case "--port" -> options.port = intValue(option, rest, 1, 65535);
				case "--url" -> options.url = topicLevel(option, value(option, rest));
				case "--tag" -> options.tag = topicLevel(option, value(option, rest));
				case "-n", "--count" -> options.count = intValue(option, rest, 1, 10_000_000);
				case "--rows" -> options.rows = intValue(option, rest, 1, 1_000_000);
				case "--cols" -> options.columns = intValue(option, rest, 1, 1000);
				case "--qos" -> options.qos = intValue(option, rest, 0, 2);
				case "--rate" -> options.rate = doubleValue(option, rest);
				case "--warmup" -> options.warmup = intValue(option, rest, 0, 1_000_000);
				case "--timeout" -> options.timeoutSeconds = intValue(option, rest, 1, 3600);
				case "--duration" -> options.durationSeconds = intValue(option, rest, 1, 24 * 3600);
				case "--inflight" -> options.inflight = intValue(option, rest, 1, 65535);
				case "--nagle" -> options.nagle = true;
				case "--echo" -> options.echo = true;
				case "--json" -> options.json = true;
				case "-h", "--help" -> options.help = true;
				default -> throw new IllegalArgumentException("Unknown option '" + option + "'; see --help");
			}
		}
		return options;
	}

	String triggerTopic() {
		return "kosmos/analytics/" + this.url + "/" + this.tag;
	}

	String brokerUri() {
		String address = this.host.contains(":") ? "[" + this.host + "]" : this.host;
		return "tcp://" + address + ":" + this.port;
	}

	/**
	 * Returns the host when it is {@code localhost} or a literal loopback address
	 * (127.0.0.0/8, ::1). No name is resolved, so a name that merely points to a loopback
	 * address is rejected too.
	 */
	static String checkLoopback(String host) {
		String bare = host.strip();
		if (bare.equalsIgnoreCase("localhost")) {
			return "127.0.0.1";
		}
		if (bare.startsWith("[") && bare.endsWith("]")) {
			bare = bare.substring(1, bare.length() - 1);
		}
		if (!isAddressLiteral(bare)) {
			throw new IllegalArgumentException("Invalid --host '" + host
					+ "': only localhost or a loopback address (127.0.0.0/8, ::1) is allowed");
		}
		try {
			InetAddress address = InetAddress.getByName(bare);
			if (!address.isLoopbackAddress()) {
				throw new IllegalArgumentException("Invalid --host '" + host
						+ "': not a loopback address; only 127.0.0.0/8, ::1 or localhost is allowed");
			}
			return address.getHostAddress();
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalArgumentException("Invalid --host '" + host + "': " + ex.getMessage(), ex);
		}
	}

	/** Whether the text is an IPv4 dotted quad or contains a colon (IPv6), so that no lookup happens. */
	private static boolean isAddressLiteral(String text) {
		if (text.contains(":")) {
			return text.chars().allMatch((c) -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
		}
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
					|| Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	private static String topicLevel(String option, String value) {
		if (value.isEmpty() || value.contains("/") || value.contains("+") || value.contains("#")) {
			throw new IllegalArgumentException(
					"Invalid " + option + " '" + value + "': one non-empty topic level without /, + or #");
		}
		return value;
	}

	private static String value(String option, List<String> rest) {
		if (rest.isEmpty()) {
			throw new IllegalArgumentException("Missing value of " + option);
		}
		return rest.remove(0);
	}

	private static int intValue(String option, List<String> rest, int min, int max) {
		String text = value(option, rest);
		try {
			int value = Integer.parseInt(text);
			if (value < min || value > max) {
				throw new IllegalArgumentException(
						"Invalid " + option + " " + value + ": expected " + min + " to " + max);
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Invalid " + option + " '" + text + "': not an integer", ex);
		}
	}

	private static double doubleValue(String option, List<String> rest) {
		String text = value(option, rest);
		try {
			double value = Double.parseDouble(text);
			if (!(value >= 0) || Double.isInfinite(value)) {
				throw new IllegalArgumentException("Invalid " + option + " " + text + ": expected 0 or more");
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"Invalid " + option + " '" + text + "': not a number", ex);
		}
	}

}
