package dev.observatory.scoring;

/** How far a bot may be left alone, from its score (thresholds in {@link ScoringProperties}). */
public enum Tier {

	LOCKED, SUPERVISED, LIMITED_AUTONOMY, FULL_AUTONOMY;

	static Tier of(int score, ScoringProperties properties) {
		if (score >= properties.fullFrom()) {
			return FULL_AUTONOMY;
		}
		if (score >= properties.limitedFrom()) {
			return LIMITED_AUTONOMY;
		}
		return (score >= properties.supervisedFrom()) ? SUPERVISED : LOCKED;
	}

	/** The highest score of this tier, for caps ("at most SUPERVISED"). */
	int ceiling(ScoringProperties properties) {
		return switch (this) {
			case LOCKED -> properties.supervisedFrom() - 1;
			case SUPERVISED -> properties.limitedFrom() - 1;
			case LIMITED_AUTONOMY -> properties.fullFrom() - 1;
			case FULL_AUTONOMY -> 100;
		};
	}

}
