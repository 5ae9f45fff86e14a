package io.kosmos.mqtt.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Points a Spring test's application at the {@link KosmosTestBroker}: it sets
 * {@code kosmos.mqtt.broker.url} to the test broker, switches the application's own
 * embedded broker off, and gives the tool a client id of its own.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;KosmosBrokerTest
 * class MyAnalysisTests { ... }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface KosmosBrokerTest {

}
