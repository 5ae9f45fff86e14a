package io.kosmos.mqtt.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit Jupiter extension that injects a {@link KosmosTestClient} connected to the
 * {@link KosmosTestBroker} into test methods, lifecycle methods and constructors, and
 * closes it when the test (or, for a constructor or {@code @BeforeAll}, the class) is done.
 *
 * <p>{@link KosmosBrokerTest} applies it. Without Spring, apply it yourself and point the
 * tool at {@link KosmosTestBroker#url()}:
 *
 * <pre class="code">
 * &#64;ExtendWith(KosmosTestClientExtension.class)
 * class MyToolTests {
 *
 *     &#64;Test
 *     void result(KosmosTestClient client) { ... }
 *
 * }
 * </pre>
 */
public class KosmosTestClientExtension implements ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(KosmosTestClientExtension.class);

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == KosmosTestClient.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		// JUnit closes an AutoCloseable kept in the store when its context ends.
		return extensionContext.getStore(NAMESPACE)
			.computeIfAbsent(KosmosTestClient.class, (key) -> KosmosTestClient.connect(), KosmosTestClient.class);
	}

}
