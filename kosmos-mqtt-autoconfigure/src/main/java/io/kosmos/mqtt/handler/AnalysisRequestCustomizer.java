package io.kosmos.mqtt.handler;

/**
 * Enriches or replaces a request before the {@link AnalysisHandler} sees it: the
 * counterpart of the Python predecessor's {@code retrieve_payload_data}, for example to
 * load history from a database and append it to the table.
 *
 * <p>Every bean of this type is applied, in {@link org.springframework.core.Ordered} /
 * {@link org.springframework.core.annotation.Order @Order} order, each getting the
 * request the previous one returned. It runs on the analysis worker thread. An exception
 * counts as a failure of the handler: it is logged with the contract and the trigger gets
 * no result.
 */
@FunctionalInterface
public interface AnalysisRequestCustomizer {

	/**
	 * Returns the request the next customizer, and finally the handler, gets.
	 * @param request the request so far
	 * @return the request to go on with (the same one, or a copy made with
	 * {@link AnalysisRequest#withInput}, {@link AnalysisRequest#withTable} or
	 * {@link AnalysisRequest#withMeta}), never {@code null}
	 * @throws Exception when the request cannot be prepared; the trigger gets no result
	 */
	AnalysisRequest customize(AnalysisRequest request) throws Exception;

}
