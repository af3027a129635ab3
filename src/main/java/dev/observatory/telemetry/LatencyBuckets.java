package dev.observatory.telemetry;

/**
 * A fixed log-scale latency histogram, so percentiles can be read from roll-ups without raw rows.
 * Bucket {@code i} counts calls with latency at most {@link #UPPER_BOUNDS_MS}{@code [i]}; the last
 * bucket counts the rest. A percentile read from it is the upper bound of the bucket it falls in
 * (an upper estimate, said so in the API), or the recorded maximum for the last bucket.
 */
public final class LatencyBuckets {

	static final int[] UPPER_BOUNDS_MS = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000 };

	/** Bounded buckets plus one for everything slower. */
	static final int COUNT = UPPER_BOUNDS_MS.length + 1;

	private LatencyBuckets() {
	}

	static int indexOf(int latencyMs) {
		for (int i = 0; i < UPPER_BOUNDS_MS.length; i++) {
			if (latencyMs <= UPPER_BOUNDS_MS[i]) {
				return i;
			}
		}
		return UPPER_BOUNDS_MS.length;
	}

	/** The latency at or below which the given share of calls fall, as a bucket upper bound. */
	static long percentile(long[] buckets, double share, long maxMs) {
		long total = 0;
		for (long count : buckets) {
			total += count;
		}
		if (total == 0) {
			return 0;
		}
		long rank = (long) Math.ceil(share * total);
		long seen = 0;
		for (int i = 0; i < buckets.length; i++) {
			seen += buckets[i];
			if (seen >= rank) {
				return (i < UPPER_BOUNDS_MS.length) ? Math.min(UPPER_BOUNDS_MS[i], maxMs) : maxMs;
			}
		}
		return maxMs;
	}

}
