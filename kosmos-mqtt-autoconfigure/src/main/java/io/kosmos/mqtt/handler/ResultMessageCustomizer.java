package io.kosmos.mqtt.handler;

import tools.jackson.databind.node.ObjectNode;

/**
 * Adjusts the outgoing analysis message before it is validated and published: the
 * counterpart of the Python predecessor's {@code resolve_result_data}, for example to
 * round values or rename columns of {@code results}.
 *
 * <p>Every bean of this type is applied, in {@link org.springframework.core.Ordered} /
 * {@link org.springframework.core.annotation.Order @Order} order, on the analysis worker
 * thread. The message is still checked against the analysis schema afterwards (unless
 * {@code kosmos.mqtt.validation.outgoing=false}), so a customizer cannot publish an
 * invalid message. An exception is logged with the contract and the trigger gets no
 * result.
 */
@FunctionalInterface
public interface ResultMessageCustomizer {

	/**
	 * Changes the message in place.
	 * @param body the message's {@code body} object ({@code from}, {@code model},
	 * {@code timestamp}, {@code type}, {@code calculated}, {@code results})
	 * @param request the request the handler answered
	 * @param result what the handler returned
	 */
	void customize(ObjectNode body, AnalysisRequest request, AnalysisResult result);

}
