package com.ticketing.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    @Test
    void sendsEveryScheduledRequestAndRecordsOnlyTheMeasuredOnes() {
        AtomicInteger calls = new AtomicInteger();
        Caller ok = index -> {
            calls.incrementAndGet();
            return 200;
        };
        ArrivalSchedule schedule = new ArrivalSchedule(500, Duration.ofMillis(100), Duration.ofMillis(200));
        LoadGenerator.Measurement m = LoadGenerator.run(List.of(ok, ok, ok, ok), schedule, Duration.ofSeconds(1),
                List.of());
        assertThat(calls.get()).isEqualTo(150);
        assertThat(m.completed()).isEqualTo(100);
        assertThat(m.nonSuccess()).isZero();
        assertThat(m.errors()).isZero();
        assertThat(m.achievedRate()).isBetween(450.0, 505.0);
    }

    /** Coordinated omission: one stall delays every request due during it, and that must show. */
    @Test
    void aStallCountsFromTheIntendedSendTimeOfEveryRequestBehindIt() {
        Caller stallsOnce = index -> {
            if (index == 0) {
                Thread.sleep(200);
            }
            return 200;
        };
        // One connection, 100/s for 0.4 s: requests 1..19 are due while request 0 stalls.
        ArrivalSchedule schedule = new ArrivalSchedule(100, Duration.ZERO, Duration.ofMillis(400));
        StepResult r = LoadGenerator.run(List.of(stallsOnce), schedule, Duration.ofSeconds(1), List.of())
                .toResult("s", "v", "p");
        assertThat(r.completed()).isEqualTo(40);
        // A closed-loop tool would record one slow request (mean ~5 ms); here half of them are late
        // by 10..200 ms (mean ~52 ms).
        assertThat(r.mean()).isGreaterThan(30.0);
        assertThat(r.p90()).isGreaterThan(100.0);
        assertThat(r.serviceP50()).isLessThan(5.0);
    }

    @Test
    void countsNonSuccessAnswersAndErrorsSeparately() {
        Caller mixed = index -> switch ((int) (index % 4)) {
            case 0 -> 200;
            case 1 -> 503;
            case 2 -> throw new java.io.IOException("reset");
            default -> Caller.GRPC_STATUS_BASE + io.grpc.Status.Code.UNAVAILABLE.value();
        };
        ArrivalSchedule schedule = new ArrivalSchedule(400, Duration.ZERO, Duration.ofMillis(100));
        StepResult r = LoadGenerator.run(List.of(mixed), schedule, Duration.ofSeconds(1), List.of())
                .toResult("s", "v", "p");
        assertThat(r.completed()).isEqualTo(40);
        assertThat(r.nonSuccess()).isEqualTo(20);
        assertThat(r.errors()).isEqualTo(10);
        assertThat(r.statuses()).containsEntry("http 503", 10L).containsEntry("grpc UNAVAILABLE", 10L)
                .containsEntry("error IOException", 10L);
    }

    @Test
    void requestsThatCannotBeSentInTimeAreDropped() {
        Caller slow = index -> {
            Thread.sleep(50);
            return 200;
        };
        // 200/s for 0.2 s on one connection that manages 20/s; the grace period ends the run early.
        ArrivalSchedule schedule = new ArrivalSchedule(200, Duration.ZERO, Duration.ofMillis(200));
        StepResult r = LoadGenerator.run(List.of(slow), schedule, Duration.ofMillis(100), List.of())
                .toResult("s", "v", "p");
        assertThat(r.dropped()).isPositive();
        assertThat(r.completed() + r.dropped()).isEqualTo(40);
        assertThat(SustainCriteria.DEFAULT.isSustainable(r)).isFalse();
    }
}
