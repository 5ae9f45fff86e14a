package io.kosmos.mqtt.benchmarks.load;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadOptionsTests {

	@Test
	void defaultsWithoutArguments() {
		LoadOptions options = LoadOptions.parse();
		assertThat(options.brokerUri()).isEqualTo("tcp://127.0.0.1:1883");
		assertThat(options.triggerTopic()).isEqualTo("kosmos/analytics/bench/v1");
		assertThat(options.qos).isEqualTo(1);
		assertThat(options.inflight).isEqualTo(1000);
		assertThat(options.nagle).isFalse();
	}

	@Test
	void parsesEveryValueOption() {
		LoadOptions options = LoadOptions.parse("--host", "127.0.0.2", "--port", "1884", "--url", "sample", "--tag",
				"v2", "-n", "200", "--rows", "10000", "--cols", "5", "--qos", "2", "--rate", "100", "--warmup", "50",
				"--timeout", "30", "--duration", "120", "--inflight", "500", "--nagle", "--json");
		assertThat(options.brokerUri()).isEqualTo("tcp://127.0.0.2:1884");
		assertThat(options.triggerTopic()).isEqualTo("kosmos/analytics/sample/v2");
		assertThat(options.count).isEqualTo(200);
		assertThat(options.rows).isEqualTo(10000);
		assertThat(options.columns).isEqualTo(5);
		assertThat(options.qos).isEqualTo(2);
		assertThat(options.rate).isEqualTo(100.0);
		assertThat(options.warmup).isEqualTo(50);
		assertThat(options.timeoutSeconds).isEqualTo(30);
		assertThat(options.durationSeconds).isEqualTo(120);
		assertThat(options.inflight).isEqualTo(500);
		assertThat(options.nagle).isTrue();
		assertThat(options.json).isTrue();
	}

	@Test
	void loopbackHostsAccepted() {
		assertThat(LoadOptions.checkLoopback("localhost")).isEqualTo("127.0.0.1");
		assertThat(LoadOptions.checkLoopback("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(LoadOptions.checkLoopback("127.255.0.9")).isEqualTo("127.255.0.9");
		assertThat(LoadOptions.checkLoopback("::1")).isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(LoadOptions.checkLoopback("[::1]")).isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(LoadOptions.parse("--host", "::1").brokerUri()).isEqualTo("tcp://[0:0:0:0:0:0:0:1]:1883");
	}

	@Test
	void otherHostsRejected() {
		for (String host : new String[] { "10.0.0.1", "0.0.0.0", "192.168.1.1", "::", "fe80::1", "example.org",
				"127.0.0.1.example.org", "128.0.0.1", "127.0.0.256", "" }) {
			assertThatIllegalArgumentException().as(host)
				.isThrownBy(() -> LoadOptions.parse("--host", host))
				.withMessageContaining("--host");
		}
	}

	@Test
	void invalidValuesRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--qos", "3"))
			.withMessageContaining("expected 0 to 2");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("-n", "many"))
			.withMessageContaining("not an integer");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--rate", "-1"))
			.withMessageContaining("expected 0 or more");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--url", "a/b"))
			.withMessageContaining("topic level");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--port"))
			.withMessageContaining("Missing value of --port");
		assertThatIllegalArgumentException().isThrownBy(() -> LoadOptions.parse("--fast"))
			.withMessageContaining("Unknown option '--fast'");
	}

	@Test
	void triggerTemplateCarriesContract() {
		TriggerTemplate template = new TriggerTemplate(3, 2, "s1");
		String trigger = new String(template.render("lg-x-7"), StandardCharsets.UTF_8);
		assertThat(trigger).startsWith("{\"body\":{\"contract\":\"lg-x-7\",");
		assertThat(trigger).contains("\"type\":\"sensor_update\"");
		assertThat(trigger).contains("\"data\":[[\"-500.000\",\"-492.081\",\"-484.162\"],[");
		assertThat(EchoResponder.contractOf(template.render("lg-x-7"))).isEqualTo("lg-x-7");
	}

	@Test
	void contractWithWildcardRejected() {
		byte[] trigger = "{\"body\":{\"contract\":\"a/#\"}}".getBytes(StandardCharsets.UTF_8);
		assertThat(EchoResponder.contractOf(trigger)).isNull();
	}

	@Test
	void toolTimeFromResultTimestamps() {
		byte[] result = ("{\"body\":{\"timestamp\":\"2024-01-01T00:00:00.001500Z\","
				+ "\"calculated\":{\"received\":\"2024-01-01T00:00:00.001Z\"}}}").getBytes(StandardCharsets.UTF_8);
		assertThat(LoadGenerator.toolTimeNanos(result)).isEqualTo(500_000);
		assertThat(LoadGenerator.toolTimeNanos("{}".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
	}

	@Test
	void percentilesByNearestRank() {
		Percentiles percentiles = new Percentiles(new long[] { 4_000_000, 1_000_000, 3_000_000, 2_000_000 }, 4);
		assertThat(percentiles.millis(50)).isEqualTo(2.0);
		assertThat(percentiles.millis(99)).isEqualTo(4.0);
		assertThat(new Percentiles(new long[0], 0).millis(50)).isNaN();
	}

}
