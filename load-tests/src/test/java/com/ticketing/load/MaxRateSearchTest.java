package com.ticketing.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxRateSearchTest {

    private static final MaxRateSearch.Plan PLAN = new MaxRateSearch.Plan(0.75, 1.25, 0.05, 8, 10);

    /** A fake system whose capacity is {@code limit}: p99 explodes above it. */
    private static StepResult step(double rate, double limit) {
        boolean ok = rate <= limit;
        return new StepResult("s", "v", "search", rate, ok ? rate : limit, 100, 0, 0, 0,
                1, 2, ok ? 5 : 900, ok ? 8 : 1200, 10, 1, 1, 2, 3, Map.of(), Map.of());
    }

    @Test
    void bracketsThenBisectsToWithinTheTolerance() {
        List<Double> tried = new ArrayList<>();
        MaxRateSearch.Outcome outcome = MaxRateSearch.search(1000, PLAN, rate -> {
            tried.add(rate);
            return step(rate, 830);
        }, SustainCriteria.DEFAULT::isSustainable);

        assertThat(tried.get(0)).isEqualTo(750.0);
        assertThat(tried.get(1)).isEqualTo(938.0); // 750 × 1.25, rounded
        assertThat(outcome.maxRate()).isLessThanOrEqualTo(830).isGreaterThan(830 * 0.95);
        assertThat(outcome.lowestFailing()).hasValueSatisfying(f -> assertThat(f).isGreaterThan(830));
        double failing = outcome.lowestFailing().orElseThrow();
        assertThat((failing - outcome.maxRate()) / failing).isLessThanOrEqualTo(0.05);
        assertThat(outcome.steps()).hasSize(tried.size());
    }

    @Test
    void growsWhileTheEstimateWasTooLow() {
        MaxRateSearch.Outcome outcome = MaxRateSearch.search(100, PLAN, rate -> step(rate, 400),
                SustainCriteria.DEFAULT::isSustainable);
        assertThat(outcome.steps().get(0).targetRate()).isEqualTo(75.0);
        assertThat(outcome.steps().get(1).targetRate()).isEqualTo(93.8);
        assertThat(outcome.maxRate()).isLessThanOrEqualTo(400).isGreaterThan(300);
    }

    @Test
    void halvesWhileNothingIsSustainable() {
        MaxRateSearch.Outcome outcome = MaxRateSearch.search(1000, PLAN, rate -> step(rate, 100),
                SustainCriteria.DEFAULT::isSustainable);
        assertThat(outcome.steps().stream().map(StepResult::targetRate).toList()).startsWith(750.0, 375.0, 188.0, 94.0);
        assertThat(outcome.maxRate()).isLessThanOrEqualTo(100).isGreaterThan(80);
    }

    @Test
    void reportsNoRateWhenEvenTheMinimumFails() {
        MaxRateSearch.Outcome outcome = MaxRateSearch.search(40, PLAN, rate -> step(rate, 1),
                SustainCriteria.DEFAULT::isSustainable);
        assertThat(outcome.best()).isEmpty();
        assertThat(outcome.maxRate()).isZero();
        assertThat(outcome.steps().stream().allMatch(s -> s.targetRate() >= 10)).isTrue();
    }

    @Test
    void neverRunsMoreThanTheStepBudget() {
        MaxRateSearch.Plan two = new MaxRateSearch.Plan(0.75, 1.25, 0.001, 2, 10);
        MaxRateSearch.Outcome outcome = MaxRateSearch.search(1000, two, rate -> step(rate, 800),
                SustainCriteria.DEFAULT::isSustainable);
        assertThat(outcome.steps()).hasSize(2);
        assertThat(outcome.maxRate()).isEqualTo(750.0);
    }

    @Test
    void nextRateStopsWhenTheBracketIsTight() {
        assertThat(MaxRateSearch.nextRate(PLAN, 960.0, 1000.0)).isNull();
        assertThat(MaxRateSearch.nextRate(PLAN, 800.0, 1000.0)).isEqualTo(900.0);
        assertThat(MaxRateSearch.nextRate(PLAN, 800.0, null)).isEqualTo(1000.0);
        assertThat(MaxRateSearch.nextRate(PLAN, null, 15.0)).isNull(); // 7.5 < minRate
    }

    @Test
    void sustainabilityNeedsRateTailAndNoFailures() {
        SustainCriteria criteria = SustainCriteria.DEFAULT;
        StepResult fine = step(100, 200);
        assertThat(criteria.violation(fine)).isEmpty();
        StepResult slowTail = new StepResult("s", "v", "p", 100, 100, 1000, 0, 0, 0, 1, 2, 51, 60, 70, 1, 1, 2, 1,
                Map.of(), Map.of());
        assertThat(criteria.violation(slowTail)).hasValueSatisfying(v -> assertThat(v).contains("p99"));
        StepResult behind = new StepResult("s", "v", "p", 100, 94, 1000, 0, 0, 0, 1, 2, 3, 4, 5, 1, 1, 2, 1,
                Map.of(), Map.of());
        assertThat(criteria.violation(behind)).hasValueSatisfying(v -> assertThat(v).contains("achieved"));
        StepResult failing = new StepResult("s", "v", "p", 100, 100, 1000, 2, 0, 0, 1, 2, 3, 4, 5, 1, 1, 2, 1,
                Map.of(), Map.of());
        assertThat(criteria.violation(failing)).hasValueSatisfying(v -> assertThat(v).contains("failures"));
    }
}
