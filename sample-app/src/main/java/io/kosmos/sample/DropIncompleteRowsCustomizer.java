package io.kosmos.sample;

import io.kosmos.mqtt.handler.AnalysisInput;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisRequestCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tech.tablesaw.api.Table;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Pre-processing before the analysis: drops every row of a table input that has a
 * missing value in any column ({@code NaN} in a {@code number} column, an empty string in
 * a {@code string} column), so that all figures of one trigger are computed from the same
 * rows. Other inputs pass unchanged.
 *
 * <p>On by default; {@code --sample.drop-incomplete-rows=false} turns it off.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.drop-incomplete-rows", matchIfMissing = true)
public class DropIncompleteRowsCustomizer implements AnalysisRequestCustomizer {

	private static final Log logger = LogFactory.getLog(DropIncompleteRowsCustomizer.class);

	@Override
	public AnalysisRequest customize(AnalysisRequest request) {
		if (request.input() instanceof AnalysisInput.TableInput input) {
			Table complete = input.table().dropRowsWithMissingValues();
			int dropped = input.table().rowCount() - complete.rowCount();
			if (dropped > 0) {
				logger.debug("Dropped " + dropped + " of " + input.table().rowCount()
						+ " rows with missing values from the trigger of contract " + request.contract());
				return request.withTable(complete, input.columns());
			}
		}
		return request;
	}

}
