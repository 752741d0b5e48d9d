package com.ticketing.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;

/**
 * Finds the highest offered rate that is still sustainable, in few steps: start from a fraction of
 * a closed-loop capacity estimate, grow geometrically while sustainable, halve while not, and once
 * a sustainable and an unsustainable rate bracket the limit, bisect until they are within
 * {@link Plan#tolerance()} of each other or the steps run out. Reports the last sustainable rate
 * that was actually measured (never an interpolation).
 */
public final class MaxRateSearch {

    /**
     * @param startFactor first rate = estimate × this
     * @param growFactor  next rate after a success while no failure is known yet
     * @param tolerance   stop when (failing − sustainable) / failing is at most this
     * @param maxSteps    at most this many measured steps
     * @param minRate     never try below this rate (requests per second)
     */
    public record Plan(double startFactor, double growFactor, double tolerance, int maxSteps, double minRate) {
        public Plan {
            if (startFactor <= 0 || growFactor <= 1 || tolerance <= 0 || maxSteps < 1 || minRate <= 0) {
                throw new IllegalArgumentException("bad search plan");
            }
        }
    }

    /**
     * @param best          the highest sustainable step measured, if any
     * @param lowestFailing the lowest rate found unsustainable, if any
     * @param steps         every step in the order run
     */
    public record Outcome(Optional<StepResult> best, Optional<Double> lowestFailing, List<StepResult> steps) {
        public double maxRate() {
            return best.map(StepResult::targetRate).orElse(0.0);
        }
    }

    private MaxRateSearch() {
    }

    /**
     * @param estimate    a capacity estimate (e.g. closed-loop throughput), &gt; 0
     * @param runner      measures one step at the given rate
     * @param sustainable whether a step's result is sustainable
     */
    public static Outcome search(double estimate, Plan plan, DoubleFunction<StepResult> runner,
                                 Predicate<StepResult> sustainable) {
        List<StepResult> steps = new ArrayList<>();
        StepResult best = null;
        Double failing = null;
        double rate = Math.max(plan.minRate(), round(estimate * plan.startFactor()));
        for (int step = 0; step < plan.maxSteps(); step++) {
            StepResult result = runner.apply(rate);
            steps.add(result);
            if (sustainable.test(result)) {
                if (best == null || rate > best.targetRate()) {
                    best = result;
                }
            } else if (failing == null || rate < failing) {
                failing = rate;
            }
            Double next = nextRate(plan, best == null ? null : best.targetRate(), failing);
            if (next == null) {
                break;
            }
            rate = next;
        }
        return new Outcome(Optional.ofNullable(best), Optional.ofNullable(failing), List.copyOf(steps));
    }

    /** The next rate to try, or null when the search is done. */
    static Double nextRate(Plan plan, Double sustainable, Double failing) {
        if (failing == null) {
            return round(sustainable * plan.growFactor());
        }
        if (sustainable == null) {
            double lower = round(failing / 2);
            return lower < plan.minRate() ? null : lower;
        }
        if ((failing - sustainable) / failing <= plan.tolerance()) {
            return null;
        }
        double mid = round((sustainable + failing) / 2);
        return mid <= sustainable || mid >= failing ? null : mid;
    }

    /** Rates are kept to whole requests per second (two significant digits below 100). */
    static double round(double rate) {
        return rate >= 100 ? Math.round(rate) : Math.round(rate * 10) / 10.0;
    }
}
