package com.ticketing.gateway.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The small values a route is made of. */
class RouteValuesTest {

    @ParameterizedTest
    @EnumSource(HttpMethod.class)
    void parsesEveryRoutedMethodByItsExactToken(HttpMethod method) {
        assertThat(HttpMethod.parse(method.name())).isEqualTo(method);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"get", "Get", "TRACE", "CONNECT", "GET "})
    void doesNotRouteOtherMethodTokens(String token) {
        assertThat(HttpMethod.parse(token)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GetEvents", "X", "ProcessPayment2"})
    void upstreamOperationTakesRpcNames(String method) {
        UpstreamOperation operation = new UpstreamOperation(Upstream.TICKET, method);

        assertThat(operation.method()).isEqualTo(method);
        assertThat(operation).hasToString("ticket-service/" + method);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"getEvents", "Get_Events", "Get Events", "1Get", "ticket.GetEvents"})
    void upstreamOperationRefusesOtherNames(String method) {
        assertThatIllegalArgumentException().isThrownBy(() -> new UpstreamOperation(Upstream.TICKET, method))
                .withMessage("method must be an RPC name, got " + method);
    }

    @Test
    void upstreamOperationNeedsAService() {
        assertThatNullPointerException().isThrownBy(() -> new UpstreamOperation(null, "GetEvents"));
    }

    @Test
    void upstreamsHaveTheirHealthNames() {
        Map<Upstream, String> names = Map.of(Upstream.AUTH, "auth-service", Upstream.TICKET, "ticket-service",
                Upstream.BOOKING, "booking-service", Upstream.PAYMENT, "payment-service",
                Upstream.BOOKING_WORKER, "booking-worker");

        for (Upstream upstream : Upstream.values()) {
            assertThat(upstream.healthName()).isEqualTo(names.get(upstream));
        }
        assertThat(Set.of(Upstream.values())).isEqualTo(names.keySet());
    }

    @Test
    void cachePolicyRefusesANegativeOrMissingTtl() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CachePolicy(Duration.ofNanos(-1)))
                .withMessage("cache ttl must be zero or positive");
        assertThatIllegalArgumentException().isThrownBy(() -> new CachePolicy(null));
    }

    @Test
    void cachePolicyCachesExactlyWhenTheTtlIsPositive() {
        assertThat(new CachePolicy(Duration.ZERO).cacheable()).isFalse();
        assertThat(CachePolicy.NONE.cacheable()).isFalse();
        assertThat(new CachePolicy(Duration.ofNanos(1)).cacheable()).isTrue();
    }

    @Test
    void matchedCopiesItsVariablesAndMethodNotAllowedItsMethods() {
        Route route = RouteDefinition.route("r", HttpMethod.GET, "/e").to(Upstream.TICKET, "GetEvents").compile();
        java.util.HashMap<String, String> variables = new java.util.HashMap<>(Map.of("id", "1"));
        java.util.EnumSet<HttpMethod> allowed = java.util.EnumSet.of(HttpMethod.GET);

        RouteMatch.Matched matched = new RouteMatch.Matched(route, variables);
        RouteMatch.MethodNotAllowed notAllowed = new RouteMatch.MethodNotAllowed(allowed);
        variables.clear();
        allowed.add(HttpMethod.POST);

        assertThat(matched.pathVariables()).isEqualTo(Map.of("id", "1"));
        assertThat(notAllowed.allowed()).containsExactly(HttpMethod.GET);
    }
}
