package io.kosmos.mqtt.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttTopic;

/**
 * Hands each received trigger to the processor of the analysis handler whose request
 * topics match the trigger's topic. With one handler every trigger goes to its processor
 * without a topic match.
 */
public class TriggerRouter {

	private static final Log logger = LogFactory.getLog(TriggerRouter.class);

	private final List<Route> routes;

	/**
	 * One analysis handler's topics and processor.
	 *
	 * @param name the handler's bean name, for logs
	 * @param topics the handler's topics
	 * @param processor processes the handler's triggers
	 */
	public record Route(String name, KosmosTopics topics, TriggerProcessor processor) {
	}

	/**
	 * Creates a router.
	 * @param routes at least one route; the request topics of two routes must not overlap
	 */
	public TriggerRouter(List<Route> routes) {
		if (routes.isEmpty()) {
			throw new IllegalArgumentException("A trigger router needs at least one route");
		}
		this.routes = List.copyOf(routes);
	}

	/**
	 * Returns the routes in the order they are matched.
	 * @return at least one route
	 */
	public List<Route> routes() {
		return this.routes;
	}

	/**
	 * Returns the request topics of every route, without a {@code $share/<group>/} prefix.
	 * @return the filters the received topics are matched against
	 */
	public List<String> requestTopics() {
		List<String> topics = new ArrayList<>();
		this.routes.forEach((route) -> topics.addAll(route.topics().requestTopics()));
		return List.copyOf(topics);
	}

	/**
	 * Returns the filters to subscribe with, shared when a group is set.
	 * @return one filter per request topic, in the order of {@link #requestTopics()}
	 */
	public List<String> subscriptionFilters() {
		List<String> filters = new ArrayList<>();
		this.routes.forEach((route) -> filters.addAll(route.topics().subscriptionFilters()));
		return List.copyOf(filters);
	}

	/**
	 * Returns whether the subscriptions are shared with other members of a group.
	 * @return {@code true} when a shared-subscription group is set
	 */
	public boolean isShared() {
		return this.routes.get(0).topics().isShared();
	}

	/**
	 * Processes a trigger on the calling thread with the matching handler's processor. A
	 * trigger that matches no route is logged and acknowledged, because no handler would
	 * ever take it.
	 * @param received the trigger as it came off the broker
	 * @return a future that completes once the trigger is acknowledged or left for the
	 * broker to deliver again
	 */
	public CompletableFuture<Void> process(ReceivedTrigger received) {
		if (this.routes.size() == 1) {
			return this.routes.get(0).processor().process(received);
		}
		for (Route route : this.routes) {
			for (String filter : route.topics().requestTopics()) {
				if (MqttTopic.isMatched(filter, received.topic())) {
					return route.processor().process(received);
				}
			}
		}
		logger.warn("Dropped trigger " + received.id() + " on topic '" + received.topic()
				+ "', which matches the request topics of no analysis handler " + requestTopics());
		received.acknowledgment().run();
		return CompletableFuture.completedFuture(null);
	}

}
