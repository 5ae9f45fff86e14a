package io.kosmos.mqtt.benchmarks.load;

import java.util.Arrays;

/** Nearest-rank percentiles of durations in nanoseconds, reported in milliseconds. */
final class Percentiles {

	private final long[] sorted;

	Percentiles(long[] nanos, int count) {
		this.sorted = Arrays.copyOf(nanos, count);
		Arrays.sort(this.sorted);
	}

	int count() {
		return this.sorted.length;
	}

	/** Returns the p-th percentile (0 < p ≤ 100) in milliseconds, or NaN without values. */
	double millis(double p) {
		if (this.sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * this.sorted.length);
		return this.sorted[Math.max(rank, 1) - 1] / 1e6;
	}

}
