package com.ticketing.gateway.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a limit definition accepts, at its exact boundaries. */
class RateLimitTest {

    private static RateLimit limit(String name, long capacity, Duration period) {
        return new RateLimit(name, capacity, period, LimitScope.USER, StoreFailurePolicy.FAIL_OPEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"login", "a", "payment-2", "x9"})
    void acceptsLowerCaseNames(String name) {
        assertThat(limit(name, 1, Duration.ofMinutes(1)).name()).isEqualTo(name);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Login", "9lives", "-x", "user_limit", "a b"})
    void refusesOtherNames(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> limit(name, 1, Duration.ofMinutes(1)))
                .withMessage("limit name must be lower-case letters, digits and '-': " + name);
    }

    @Test
    void capacityStartsAtOne() {
        assertThat(limit("l", 1, Duration.ofMinutes(1)).capacity()).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> limit("l", 0, Duration.ofMinutes(1)))
                .withMessage("l: capacity must be at least 1");
        assertThatIllegalArgumentException().isThrownBy(() -> limit("l", -1, Duration.ofMinutes(1)));
    }

    @Test
    void periodStartsAtOneMillisecond() {
        assertThat(limit("l", 1, Duration.ofMillis(1)).period()).isEqualTo(Duration.ofMillis(1));
        assertThatIllegalArgumentException().isThrownBy(() -> limit("l", 1, Duration.ofNanos(999_999)))
                .withMessage("l: period must be at least 1 ms");
        assertThatIllegalArgumentException().isThrownBy(() -> limit("l", 1, null))
                .withMessage("l: period must be at least 1 ms");
    }

    @Test
    void needsScopeAndStoreFailurePolicy() {
        assertThatNullPointerException().isThrownBy(
                () -> new RateLimit("l", 1, Duration.ofMinutes(1), null, StoreFailurePolicy.FAIL_OPEN));
        assertThatNullPointerException().isThrownBy(
                () -> new RateLimit("l", 1, Duration.ofMinutes(1), LimitScope.USER, null));
    }

    @Test
    void emitsOneRequestPerPeriodOverCapacityInMicroseconds() {
        RateLimit hundredPerMinute = limit("l", 100, Duration.ofMinutes(1));

        assertThat(hundredPerMinute.periodMicros()).isEqualTo(60_000_000L);
        assertThat(hundredPerMinute.emissionIntervalMicros()).isEqualTo(600_000L);
    }

    @Test
    void aCapacityAboveOneRequestPerMicrosecondIsHeldThereAndSaysSo() {
        RateLimit tooFine = limit("l", 5_000, Duration.ofMillis(1));

        assertThat(tooFine.emissionIntervalMicros()).isEqualTo(1);
        assertThat(tooFine.capacity()).as("what the limit enforces, and the header shows").isEqualTo(1_000);
        assertThat(limit("l", 1_000, Duration.ofMillis(1)).capacity()).isEqualTo(1_000);
        assertThat(limit("l", 100_000_000, Duration.ofMinutes(1)).capacity()).isEqualTo(60_000_000);
    }

    @Test
    void aHeldCapacityAdmitsExactlyThatManyBackToBack() {
        RateLimit tooFine = limit("l", 5_000, Duration.ofMillis(1));
        long now = 1_000_000_000_000L;
        long tat = 0;
        int admitted = 0;
        Gcra.Result result = Gcra.evaluate(tat, now, tooFine);
        while (result.allowed()) {
            admitted++;
            tat = result.newTat();
            result = Gcra.evaluate(tat, now, tooFine);
        }

        assertThat(admitted).isEqualTo(tooFine.capacity());
    }
}
