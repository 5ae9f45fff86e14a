package io.kosmos.mqtt.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Points a Spring test's application at the {@link KosmosTestBroker} and lets test methods
 * declare a {@link KosmosTestClient} parameter. It sets {@code kosmos.mqtt.broker.url} to
 * the test broker, switches the application's own embedded broker off, and gives the tool
 * a client id of its own; the {@link KosmosTestClientExtension} connects one test client
 * per test and closes it afterwards.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;KosmosBrokerTest
 * class MyAnalysisTests {
 *
 *     &#64;Test
 *     void result(KosmosTestClient client) { ... }
 *
 * }
 * </pre>
 *
 * <p>A {@code MqttConnectionDetails} bean, for example from a {@code @ServiceConnection}
 * HiveMQ container, wins over the broker URL this annotation sets.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KosmosTestClientExtension.class)
public @interface KosmosBrokerTest {

}
