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

		// Columns of the exact size: the result stays in memory until the broker has taken
		// it, and Tablesaw's default column reserves room for 128 values.
		NumericColumn<?>[] columns = data.numberColumns();
		int size = columns.length;
		String[] names = new String[size];
		double[] count = new double[size];
		double[] mean = new double[size];
		double[] std = new double[size];
		double[] min = new double[size];
		double[] max = new double[size];
		double[] rms = new double[size];
		double[] outliers = new double[size];
		for (int i = 0; i < size; i++) {
			NumericColumn<?> column = columns[i];
			ColumnStatistics statistics = ColumnStatistics.of(column.asDoubleColumn().removeMissing().asDoubleArray());
			names[i] = column.name();
			count[i] = statistics.count();
			mean[i] = statistics.mean();
			std[i] = statistics.standardDeviation();
			min[i] = statistics.min();
			max[i] = statistics.max();
			rms[i] = statistics.rootMeanSquare();
			outliers[i] = statistics.outliers(OUTLIER_SIGMAS);
		}
		return AnalysisResult.timeSeries(Table.create("condition", StringColumn.create("column", names),
				DoubleColumn.create("count", count), DoubleColumn.create("mean", mean),
				DoubleColumn.create("std", std), DoubleColumn.create("min", min), DoubleColumn.create("max", max),
				DoubleColumn.create("rms", rms), DoubleColumn.create("outliers", outliers)));
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
