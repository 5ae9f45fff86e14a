package io.kosmos.mqtt.handler;

import java.time.Instant;

import io.kosmos.mqtt.message.ResultType;

/**
 * Where a trigger's input came from when it is the result of the previous tool in the
 * pipeline (trigger type {@code analyse_result}).
 *
 * @param from the previous tool's name ({@code body.from} of its result)
 * @param modelUrl the url of the previous tool's model
 * @param modelTag the tag of the previous tool's model
 * @param type the result kind it sent
 * @param calculatedMachine the machine its result was calculated from
 * @param calculatedSensor the sensor its result was calculated from
 * @param calculatedReceived when the previous tool received its own trigger
 */
public record PreviousResult(String from, String modelUrl, String modelTag, ResultType type,
		String calculatedMachine, String calculatedSensor, Instant calculatedReceived) {
}
