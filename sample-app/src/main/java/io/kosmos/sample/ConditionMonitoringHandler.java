package io.kosmos.sample;

import io.kosmos.mqtt.handler.AnalysisHandler;
import io.kosmos.mqtt.handler.AnalysisRequest;
import io.kosmos.mqtt.handler.AnalysisResult;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import org.springframework.stereotype.Component;

/**
 * Condition monitoring of sensor data: for every numeric column, its count, mean,
 * standard deviation, minimum, maximum, root mean square, and the number of values more
 * than three standard deviations from the mean. One result row per numeric column.
 *
 * <p>Missing values ({@code NaN}) are left out of every figure. The standard deviation is
 * the sample one (divided by n - 1), so a column with one value has {@code NaN} there and
 * no outliers. A sensor update without numeric columns gets a count of values per column.
 */
@Component
public class ConditionMonitoringHandler implements AnalysisHandler {

	/** Distance from the mean, in standard deviations, beyond which a value is an outlier. */
	static final double OUTLIER_SIGMAS = 3.0;

	@Override
	public AnalysisResult analyse(AnalysisRequest request) {
		Table data = request.table();
		if (data.numberColumns().length == 0) {
			return AnalysisResult.timeSeries(countPerColumn(data));
		}

		StringColumn names = StringColumn.create("column");
		DoubleColumn count = DoubleColumn.create("count");
		DoubleColumn mean = DoubleColumn.create("mean");
		DoubleColumn std = DoubleColumn.create("std");
		DoubleColumn min = DoubleColumn.create("min");
		DoubleColumn max = DoubleColumn.create("max");
		DoubleColumn rms = DoubleColumn.create("rms");
		DoubleColumn outliers = DoubleColumn.create("outliers");
		for (NumericColumn<?> column : data.numberColumns()) {
			ColumnStatistics statistics = ColumnStatistics.of(column.asDoubleColumn().removeMissing().asDoubleArray());
			names.append(column.name());
			count.append(statistics.count());
			mean.append(statistics.mean());
			std.append(statistics.standardDeviation());
			min.append(statistics.min());
			max.append(statistics.max());
			rms.append(statistics.rootMeanSquare());
			outliers.append(statistics.outliers(OUTLIER_SIGMAS));
		}
		return AnalysisResult.timeSeries(Table.create("condition", names, count, mean, std, min, max, rms, outliers));
	}

	private static Table countPerColumn(Table data) {
		StringColumn names = StringColumn.create("column");
		DoubleColumn count = DoubleColumn.create("count");
		for (Column<?> column : data.columns()) {
			names.append(column.name());
			count.append(column.size() - column.countMissing());
		}
		return Table.create("condition", names, count);
	}

}
