package io.kosmos.mqtt.runtime;

import java.time.Clock;
import java.time.Instant;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.ApplicationListener;
import org.springframework.integration.mqtt.core.ClientManager;
import org.springframework.integration.mqtt.event.MqttConnectionFailedEvent;
import org.springframework.integration.mqtt.event.MqttIntegrationEvent;
import org.springframework.integration.mqtt.event.MqttSubscribedEvent;
import org.springframework.integration.mqtt.inbound.AbstractMqttMessageDrivenChannelAdapter;

/**
 * Tracks whether the tool is connected to its broker and subscribed to its triggers, for
 * the health indicator and the connection gauge.
 *
 * <p>When the connection is lost it moves the application's readiness state to
 * {@link ReadinessState#REFUSING_TRAFFIC}, and back to
 * {@link ReadinessState#ACCEPTING_TRAFFIC} once the subscription is restored. Liveness is
 * left alone: the client reconnects by itself, so restarting the process would not help.
 */
public class MqttConnectionMonitor
		implements ApplicationListener<MqttIntegrationEvent>, ApplicationEventPublisherAware {

	private static final Log logger = LogFactory.getLog(MqttConnectionMonitor.class);

	private final ClientManager<?, ?> clientManager;

	private final AbstractMqttMessageDrivenChannelAdapter<?, ?> triggerAdapter;

	private final Clock clock;

	private volatile boolean subscribed;

	private volatile boolean refusingTraffic;

	private volatile Failure lastFailure;

	private ApplicationEventPublisher eventPublisher;

	/**
	 * Creates a monitor.
	 * @param clientManager the tool's shared connection
	 * @param triggerAdapter the subscription to the trigger topic
	 * @param clock the time source of failure times
	 */
	public MqttConnectionMonitor(ClientManager<?, ?> clientManager,
			AbstractMqttMessageDrivenChannelAdapter<?, ?> triggerAdapter, Clock clock) {
		this.clientManager = clientManager;
		this.triggerAdapter = triggerAdapter;
		this.clock = clock;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void onApplicationEvent(MqttIntegrationEvent event) {
		if (event instanceof MqttSubscribedEvent && event.getSource() == this.triggerAdapter) {
			this.subscribed = true;
			if (this.refusingTraffic) {
				this.refusingTraffic = false;
				logger.info("Subscription to " + topics() + " restored; readiness is back to ACCEPTING_TRAFFIC");
				publishReadiness(ReadinessState.ACCEPTING_TRAFFIC);
			}
		}
		else if (event instanceof MqttConnectionFailedEvent failed && isOwnSource(event.getSource())) {
			this.subscribed = false;
			this.lastFailure = new Failure(Instant.now(this.clock), failed.getCause());
			if (!this.refusingTraffic) {
				this.refusingTraffic = true;
				publishReadiness(ReadinessState.REFUSING_TRAFFIC);
			}
		}
	}

	private boolean isOwnSource(Object source) {
		return source == this.clientManager || source == this.triggerAdapter;
	}

	private void publishReadiness(ReadinessState state) {
		if (this.eventPublisher != null) {
			AvailabilityChangeEvent.publish(this.eventPublisher, this, state);
		}
	}

	/**
	 * Returns whether the MQTT client is connected right now.
	 * @return {@code true} when connected
	 */
	public boolean isConnected() {
		return this.clientManager.isConnected();
	}

	/**
	 * Returns whether the tool is connected, subscribed to its trigger topic and taking
	 * triggers.
	 * @return {@code true} when triggers can arrive
	 */
	public boolean isServing() {
		return this.subscribed && this.triggerAdapter.isRunning() && isConnected();
	}

	/**
	 * Returns why the tool is not serving, for a health check.
	 * @return the reason, or {@code null} while it is serving
	 */
	public String notServingReason() {
		if (!isConnected()) {
			return "Not connected to the MQTT broker";
		}
		if (!this.triggerAdapter.isRunning()) {
			return "The trigger subscription is stopped";
		}
		if (!this.subscribed) {
			return "Connected but not yet subscribed to " + topics();
		}
		return null;
	}

	/**
	 * Returns the last connection or subscription failure.
	 * @return the failure, or {@code null} when there was none
	 */
	public Failure lastFailure() {
		return this.lastFailure;
	}

	/**
	 * Returns the trigger topics the tool subscribes to.
	 * @return for example {@code [kosmos/analytics/sample/v1]}
	 */
	public String topics() {
		return java.util.Arrays.toString(this.triggerAdapter.getTopic());
	}

	/**
	 * A lost connection or failed subscription.
	 *
	 * @param at when it happened
	 * @param cause the exception Paho or Spring Integration reported
	 */
	public record Failure(Instant at, Throwable cause) {
	}

}
