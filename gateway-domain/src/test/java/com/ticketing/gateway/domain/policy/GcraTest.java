package com.ticketing.gateway.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcraTest {

    private static final RateLimit TEN_PER_MINUTE =
            new RateLimit("login", 10, Duration.ofMinutes(1), LimitScope.CLIENT_IP, StoreFailurePolicy.FAIL_CLOSED);
    private static final long NOW = 1_000_000_000_000L;
    private static final long SIX_SECONDS = 6_000_000L;

    @Test
    void idleKeyAdmitsExactlyCapacityBackToBackThenRejects() {
        long tat = 0;
        for (int i = 1; i <= 10; i++) {
            Gcra.Result result = Gcra.evaluate(tat, NOW, TEN_PER_MINUTE);
            assertThat(result.allowed()).as("request %d", i).isTrue();
            assertThat(result.remaining()).isEqualTo(10 - i);
            assertThat(result.retryAfterMicros()).isZero();
            tat = result.newTat();
        }
        Gcra.Result eleventh = Gcra.evaluate(tat, NOW, TEN_PER_MINUTE);

        assertThat(eleventh.allowed()).isFalse();
        assertThat(eleventh.remaining()).isZero();
        assertThat(eleventh.retryAfterMicros()).isEqualTo(SIX_SECONDS);
        assertThat(eleventh.newTat()).isEqualTo(tat);
        assertThat(eleventh.resetMicros()).isEqualTo(60_000_000L);
    }

    @Test
    void oneRequestComesBackEveryEmissionInterval() {
        long tat = NOW + 60_000_000L; // full: ten requests just made
        assertThat(Gcra.evaluate(tat, NOW + SIX_SECONDS - 1, TEN_PER_MINUTE).allowed()).isFalse();

        Gcra.Result later = Gcra.evaluate(tat, NOW + SIX_SECONDS, TEN_PER_MINUTE);

        assertThat(later.allowed()).isTrue();
        assertThat(later.remaining()).isZero();
        assertThat(later.newTat()).isEqualTo(tat + SIX_SECONDS);
    }

    @Test
    void firstRequestReportsFullResetOfOneInterval() {
        Gcra.Result first = Gcra.evaluate(0, NOW, TEN_PER_MINUTE);

        assertThat(first.newTat()).isEqualTo(NOW + SIX_SECONDS);
        assertThat(first.resetMicros()).isEqualTo(SIX_SECONDS);
        assertThat(first.remaining()).isEqualTo(9);
    }

    @Test
    void aStaleTatCountsAsIdle() {
        Gcra.Result result = Gcra.evaluate(NOW - 3_600_000_000L, NOW, TEN_PER_MINUTE);

        assertThat(result.allowed()).isTrue();
        assertThat(result.remaining()).isEqualTo(9);
        assertThat(result.newTat()).isEqualTo(NOW + SIX_SECONDS);
    }

    @Test
    void emissionIntervalIsPeriodOverCapacity() {
        assertThat(TEN_PER_MINUTE.emissionIntervalMicros()).isEqualTo(SIX_SECONDS);
        assertThat(TEN_PER_MINUTE.periodMicros()).isEqualTo(60_000_000L);
    }
}
