package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.ticketing.gateway.adapter.rest.RequestDeadlines.Phase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestDeadlinesTest {

    private static final long MS = 1_000_000L;
    private static final RequestDeadlines DEADLINES = new RequestDeadlines(Duration.ofMillis(1500), Duration.ofSeconds(3));

    @ParameterizedTest(name = "{0} after {1} ns: {2} ms left")
    @CsvSource({
            "HEAD, 0,          1500",
            "HEAD, 1,          1500",
            "HEAD, 999999,     1500",
            "HEAD, 1000000,    1499",
            "HEAD, 1499000000, 1",
            "HEAD, 1499999999, 1",
            "HEAD, 1500000000, 0",
            "HEAD, 1500000001, 0",
            "HEAD, 2500000000, -1000",
            "BODY, 1500000000, 1500",
            "BODY, 3000000000, 0"})
    void millisLeftRoundUpUntilTheDeadlineAndAreNeverPositiveAfterIt(Phase phase, long elapsedNanos, long left) {
        long start = 42 * MS;

        assertThat(DEADLINES.millisLeft(phase, start, start + elapsedNanos)).isEqualTo(left);
    }

    @Test
    void worksAcrossTheWrapOfTheNanoClock() {
        long start = Long.MAX_VALUE - 100 * MS;

        assertThat(DEADLINES.millisLeft(Phase.HEAD, start, start + 200 * MS)).isEqualTo(1300);
    }

    @Test
    void defaultsAreTenSecondsForTheHeadAndThirtyForTheBody() {
        assertThat(RequestDeadlines.DEFAULTS.head()).isEqualTo(Duration.ofSeconds(10));
        assertThat(RequestDeadlines.DEFAULTS.body()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void deadlinesUnder100MillisAreRefusedNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new RequestDeadlines(Duration.ofMillis(99), Duration.ofSeconds(1)))
                .withMessageStartingWith("SERVER_HEADER_TIMEOUT_MS");
        assertThatIllegalArgumentException().isThrownBy(() -> new RequestDeadlines(Duration.ofSeconds(1), Duration.ZERO))
                .withMessageStartingWith("SERVER_BODY_TIMEOUT_MS");
        assertThat(new RequestDeadlines(Duration.ofMillis(100), Duration.ofMillis(100)).head()).hasMillis(100);
    }

    @Test
    void phasesAreTaggedInLowerCase() {
        assertThat(Phase.HEAD.tag()).isEqualTo("head");
        assertThat(Phase.BODY.tag()).isEqualTo("body");
    }
}
