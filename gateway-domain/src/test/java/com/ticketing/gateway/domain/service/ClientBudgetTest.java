package com.ticketing.gateway.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientBudgetTest {

    private static final Route AVAILABILITY = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8))
            .byId("events.availability").orElseThrow();

    private static ApiRequest request(Optional<Duration> budget) {
        return new ApiRequest(AVAILABILITY, Map.of("id", "e-1"), Map.of(), new byte[0], Optional.empty(),
                Optional.empty(), new RequestId("r-1"), "10.0.0.1", budget);
    }

    @Test
    void withoutABudgetTheRouteDeadlineApplies() {
        assertThat(request(Optional.empty()).deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request(Optional.empty()).clientDeadline()).isFalse();
    }

    @Test
    void aShorterClientBudgetShortensTheDeadline() {
        assertThat(request(Optional.of(Duration.ofMillis(1500))).deadline()).isEqualTo(Duration.ofMillis(1500));
        assertThat(request(Optional.of(Duration.ofMillis(1500))).clientDeadline()).as("the client's deadline").isTrue();
    }

    @Test
    void aLongerClientBudgetNeverExtendsIt() {
        assertThat(request(Optional.of(Duration.ofSeconds(30))).deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request(Optional.of(Duration.ofSeconds(5))).deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(request(Optional.of(Duration.ofSeconds(30))).clientDeadline()).isFalse();
        assertThat(request(Optional.of(Duration.ofSeconds(5))).clientDeadline()).as("the route's, as long").isFalse();
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> request(Optional.of(Duration.ZERO)));
    }
}
