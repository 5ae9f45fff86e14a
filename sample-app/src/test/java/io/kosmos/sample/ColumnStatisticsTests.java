package io.kosmos.sample;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ColumnStatisticsTests {

	@Test
	void figuresOfKnownValues() {
		ColumnStatistics statistics = ColumnStatistics.of(new double[] { 2, 4, 4, 4, 5, 5, 7, 9 });

		assertThat(statistics.count()).isEqualTo(8);
		assertThat(statistics.mean()).isEqualTo(5.0);
		assertThat(statistics.standardDeviation()).isCloseTo(2.13809, within(1e-5));
		assertThat(statistics.min()).isEqualTo(2.0);
		assertThat(statistics.max()).isEqualTo(9.0);
		assertThat(statistics.rootMeanSquare()).isCloseTo(5.38516, within(1e-5));
	}

	@Test
	void farValueCountedAsOutlier() {
		double[] values = new double[21];
		values[20] = 100;

		assertThat(ColumnStatistics.of(values).outliers(3.0)).isEqualTo(1);
	}

	@Test
	void singleValueHasNoDeviation() {
		ColumnStatistics statistics = ColumnStatistics.of(new double[] { 3 });

		assertThat(statistics.standardDeviation()).isNaN();
		assertThat(statistics.outliers(3.0)).isZero();
	}

	@Test
	void noValuesGiveNaN() {
		ColumnStatistics statistics = ColumnStatistics.of(new double[0]);

		assertThat(statistics.count()).isZero();
		assertThat(statistics.mean()).isNaN();
	}

}
