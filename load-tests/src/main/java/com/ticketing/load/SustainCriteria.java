package com.ticketing.load;

import java.util.Optional;

/**
 * When an offered rate counts as sustainable: the generator got (almost) all of it through, the
 * tail stayed under a bound, and (almost) nothing failed.
 *
 * @param p99BoundMillis     p99 (from intended send time) must not exceed this
 * @param minAchievedRatio   achieved / offered rate must be at least this (e.g. 0.95)
 * @param maxFailureRatio    (non-2xx + errors + dropped) / due must not exceed this
 */
public record SustainCriteria(double p99BoundMillis, double minAchievedRatio, double maxFailureRatio) {

    public static final SustainCriteria DEFAULT = new SustainCriteria(50.0, 0.95, 0.001);

    /** Empty when sustainable, otherwise why not. */
    public Optional<String> violation(StepResult result) {
        if (result.achievedRate() < minAchievedRatio * result.targetRate()) {
            return Optional.of(String.format("achieved %.0f/s < %.0f%% of %.0f/s", result.achievedRate(),
                    minAchievedRatio * 100, result.targetRate()));
        }
        if (result.failureRatio() > maxFailureRatio) {
            return Optional.of(String.format("failures %.2f%% (non-2xx %d, errors %d, dropped %d)",
                    result.failureRatio() * 100, result.nonSuccess(), result.errors(), result.dropped()));
        }
        if (result.p99() > p99BoundMillis) {
            return Optional.of(String.format("p99 %.1f ms > %.0f ms", result.p99(), p99BoundMillis));
        }
        return Optional.empty();
    }

    public boolean isSustainable(StepResult result) {
        return violation(result).isEmpty();
    }
}
