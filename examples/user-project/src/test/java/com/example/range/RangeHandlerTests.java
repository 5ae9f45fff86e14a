package com.example.range;

import java.time.Duration;
import io.kosmos.mqtt.test.KosmosBrokerTest;
import io.kosmos.mqtt.test.KosmosTestClient;
import io.kosmos.mqtt.test.KosmosTriggers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

import static io.kosmos.mqtt.test.KosmosAssertions.assertThat;

@SpringBootTest
@KosmosBrokerTest
class RangeHandlerTests {
	@Test
	void rangeOfEachColumn(KosmosTestClient client) {
		Table data = Table.create("spindle", DoubleColumn.create("load", 41.0, 43.5, 40.0));
		String contract = client.publishTrigger("kosmos/analytics/range/v1", KosmosTriggers.sensorUpdate(data));
		assertThat(client.awaitResult(contract, Duration.ofSeconds(20))).column("range").containsExactly(3.5);
	}
}
