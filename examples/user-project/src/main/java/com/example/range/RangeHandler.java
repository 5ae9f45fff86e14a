package com.example.range;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import org.springframework.stereotype.Component;

/**
 * Returns one row per numeric column: its name and its range (maximum minus minimum).
 */
@Component
class RangeHandler implements AnalysisHandler {

	@Override
	public AnalysisResult analyse(AnalysisRequest request) {
		StringColumn names = StringColumn.create("column");
		DoubleColumn ranges = DoubleColumn.create("range");
		for (NumericColumn<?> column : request.table().numberColumns()) {
			names.append(column.name());
			ranges.append(column.max() - column.min());
		}
		return AnalysisResult.timeSeries(Table.create("ranges", names, ranges));
	}

}
