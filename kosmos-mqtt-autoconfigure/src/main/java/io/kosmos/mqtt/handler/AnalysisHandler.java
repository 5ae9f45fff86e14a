package io.kosmos.mqtt.handler;

/**
 * The analysis of a KOSMoS tool: the one bean a user writes.
 *
 * <p>The starter calls it on a worker thread of its task executor, once for every
 * trigger that passed validation, and publishes what it returns as the analysis result
 * of the trigger's contract. An exception, or a {@code null} result, is logged with the
 * contract and the trigger is skipped; the tool keeps serving.
 */
@FunctionalInterface
public interface AnalysisHandler {

	/**
	 * Analyses the machine data of one trigger.
	 * @param request the parsed trigger with its data as a Tablesaw table
	 * @return the result to publish, never {@code null}
	 * @throws Exception when the analysis fails; the trigger gets no result
	 */
	AnalysisResult analyse(AnalysisRequest request) throws Exception;

}
