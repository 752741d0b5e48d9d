package com.ticketing.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {

    @Test
    void requestsAreDueAtExactMultiplesOfTheInterval() {
        ArrivalSchedule schedule = new ArrivalSchedule(4000, Duration.ZERO, Duration.ofSeconds(1));
        assertThat(schedule.intervalNanos()).isEqualTo(250_000.0);
        assertThat(schedule.intendedNanos(1_000, 0)).isEqualTo(1_000);
        assertThat(schedule.intendedNanos(1_000, 3)).isEqualTo(751_000);
        // No drift over many requests: request 4000 is due exactly one second after the start.
        assertThat(schedule.offsetNanos(4000)).isEqualTo(1_000_000_000L);
    }

    @Test
    void nonIntegralIntervalsDoNotAccumulateRoundingErrors() {
        ArrivalSchedule schedule = new ArrivalSchedule(3, Duration.ZERO, Duration.ofSeconds(10));
        assertThat(schedule.offsetNanos(1)).isEqualTo(333_333_333L);
        assertThat(schedule.offsetNanos(30)).isEqualTo(10_000_000_000L);
    }

    @Test
    void countsSplitIntoWarmUpAndMeasuredRequests() {
        ArrivalSchedule schedule = new ArrivalSchedule(1000, Duration.ofMillis(500), Duration.ofSeconds(2));
        assertThat(schedule.warmupCount()).isEqualTo(500);
        assertThat(schedule.totalCount()).isEqualTo(2500);
        assertThat(schedule.measuredCount()).isEqualTo(2000);
        assertThat(schedule.isMeasured(499)).isFalse();
        assertThat(schedule.isMeasured(500)).isTrue();
        // The first measured request is due exactly when the measured part starts.
        assertThat(schedule.offsetNanos(schedule.warmupCount())).isEqualTo(schedule.measureStartOffsetNanos());
    }

    @Test
    void fractionalRatesRoundTheCountUp() {
        ArrivalSchedule schedule = new ArrivalSchedule(2.5, Duration.ZERO, Duration.ofSeconds(1));
        // instants 0, 0.4, 0.8 s fall inside the first second
        assertThat(schedule.totalCount()).isEqualTo(3);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new ArrivalSchedule(0, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(10, Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArrivalSchedule(10, Duration.ZERO, Duration.ofSeconds(1)).offsetNanos(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
