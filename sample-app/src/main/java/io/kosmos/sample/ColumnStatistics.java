package io.kosmos.sample;

/**
 * Summary figures of one column's values, missing values already removed.
 *
 * @param values the values
 * @param count the number of values
 * @param mean the arithmetic mean, {@code NaN} when there are none
 * @param standardDeviation the sample standard deviation, {@code NaN} below two values
 * @param min the smallest value, {@code NaN} when there are none
 * @param max the largest value, {@code NaN} when there are none
 * @param rootMeanSquare the root mean square, {@code NaN} when there are none
 */
record ColumnStatistics(double[] values, int count, double mean, double standardDeviation, double min, double max,
		double rootMeanSquare) {

	static ColumnStatistics of(double[] values) {
		int n = values.length;
		if (n == 0) {
			return new ColumnStatistics(values, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}

		double sum = 0;
		double sumOfSquares = 0;
		double min = Double.POSITIVE_INFINITY;
		double max = Double.NEGATIVE_INFINITY;
		for (double value : values) {
			sum += value;
			sumOfSquares += value * value;
			min = Math.min(min, value);
			max = Math.max(max, value);
		}
		double mean = sum / n;

		// Two passes keep the deviation accurate when the values are large and close together.
		double squaredDeviations = 0;
		for (double value : values) {
			squaredDeviations += (value - mean) * (value - mean);
		}
		double standardDeviation = (n > 1) ? Math.sqrt(squaredDeviations / (n - 1)) : Double.NaN;
		return new ColumnStatistics(values, n, mean, standardDeviation, min, max, Math.sqrt(sumOfSquares / n));
	}

	/**
	 * Counts the values farther than {@code sigmas} standard deviations from the mean.
	 * @param sigmas the distance in standard deviations
	 * @return the count, 0 when the standard deviation is {@code NaN} or 0
	 */
	int outliers(double sigmas) {
		if (!(this.standardDeviation > 0)) {
			return 0;
		}
		double limit = sigmas * this.standardDeviation;
		int outliers = 0;
		for (double value : this.values) {
			if (Math.abs(value - this.mean) > limit) {
				outliers++;
			}
		}
		return outliers;
	}

}
