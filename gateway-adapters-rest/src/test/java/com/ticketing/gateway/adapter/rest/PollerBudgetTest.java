package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link PollerBudget} on a clock the test moves. */
class PollerBudgetTest {

    private static final long MS = 1_000_000L;

    @Test
    void thePollerServesUntilItsShareOfTheWindowIsSpentThenHandsOnUntilTheNextWindow() {
        long start = 5_000 * MS;
        PollerBudget budget = new PollerBudget(100 * MS, 0.5, start);

        assertThat(budget.mayServe(start)).isTrue();
        budget.spent(30 * MS);
        assertThat(budget.mayServe(start + 40 * MS)).as("30 of 50 ms spent").isTrue();
        budget.spent(20 * MS);
        assertThat(budget.mayServe(start + 60 * MS)).as("50 of 50 ms spent: to the executor").isFalse();
        assertThat(budget.mayServe(start + 99 * MS)).as("still the same window").isFalse();
        assertThat(budget.mayServe(start + 100 * MS)).as("a new window").isTrue();
        budget.spent(49 * MS);
        assertThat(budget.mayServe(start + 150 * MS)).isTrue();
        budget.spent(2 * MS);
        assertThat(budget.mayServe(start + 151 * MS)).isFalse();
    }

    @Test
    void aWindowStartsWhereTheClockIsWhenTheLastOneHasEnded() {
        PollerBudget budget = new PollerBudget(100 * MS, 0.25, -40 * MS); // the monotonic clock may be negative
        budget.spent(25 * MS);
        assertThat(budget.mayServe(-30 * MS)).isFalse();
        assertThat(budget.mayServe(500 * MS)).as("long idle: a fresh window from here").isTrue();
        budget.spent(25 * MS);
        assertThat(budget.mayServe(599 * MS)).isFalse();
        assertThat(budget.mayServe(600 * MS)).isTrue();
    }

    @Test
    void aShareOutsideZeroToOneOrAnEmptyWindowIsRefused() {
        assertThatThrownBy(() -> new PollerBudget(100 * MS, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollerBudget(100 * MS, 1.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollerBudget(100 * MS, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PollerBudget(0, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PollerBudget(1, 1, 0).mayServe(0)).isTrue();
    }
}
