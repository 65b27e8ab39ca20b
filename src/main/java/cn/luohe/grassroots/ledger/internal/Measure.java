package cn.luohe.grassroots.ledger.internal;

/**
 * One indicator's figure for one unit: {@code value} of {@code of} (a share's whole or a
 * count's target).
 */
public record Measure(Indicator indicator, long value, long of) {

	double ratio() {
		return Math.min(1.0, (double) this.value / this.of);
	}

}
