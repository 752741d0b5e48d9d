package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code /health/detailed}'s overall status from the state of its parts. */
class HealthStatusTest {

    @ParameterizedTest(name = "{0} of 5 serving, redis {1}, breakers {2} -> {3}")
    @CsvSource(delimiter = '|', textBlock = """
            5 | connected      | closed closed closed closed closed    | healthy
            5 | not_configured | closed closed closed closed closed    | healthy
            5 | connected      | closed open closed closed closed      | degraded
            5 | connected      | closed half_open closed closed closed | degraded
            4 | connected      | closed closed closed closed closed    | degraded
            0 | connected      | open open open open open              | unhealthy
            5 | disconnected   | closed closed closed closed closed    | unhealthy
            """)
    void aServiceDownOrABreakerNotClosedDegradesAndNoServiceOrNoRedisIsUnhealthy(int serving, String redis,
                                                                               String breakers, String status) {
        assertThat(HealthController.overall(serving, 5, redis, List.of(breakers.split(" ")))).isEqualTo(status);
    }
}
