package com.ticketing.gateway.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteDefinition;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.route.Upstream;
import com.ticketing.gateway.domain.testing.TestLimits;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private static final RouteTable ROUTES = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8));
    private static final Optional<Identity> ADA =
            Optional.of(new Identity(new UserId("u-ada"), new SessionId("s-1"), "token"));
    private final RateLimitPolicy policy = TestLimits.policy();

    private static Route route(String id) {
        return ROUTES.byId(id).orElseThrow();
    }

    @Test
    void publicRoutesAreLimitedPerClientIp() {
        List<LimitKey> keys = policy.limitsFor(route("events.list"), Optional.empty(), "203.0.113.7");

        assertThat(keys).containsExactly(new LimitKey(TestLimits.PUBLIC, "203.0.113.7"));
    }

    @Test
    void loginIsLimitedPerIpTwiceOverByThePublicAndTheLoginLimit() {
        List<LimitKey> keys = policy.limitsFor(route("auth.login"), Optional.empty(), "203.0.113.7");

        assertThat(keys).containsExactly(new LimitKey(TestLimits.PUBLIC, "203.0.113.7"),
                new LimitKey(TestLimits.LOGIN, "203.0.113.7"));
    }

    @Test
    void authenticatedRoutesAreLimitedPerUser() {
        assertThat(policy.limitsFor(route("bookings.list"), ADA, "203.0.113.7"))
                .containsExactly(new LimitKey(TestLimits.USER, "u-ada"));
    }

    @Test
    void paymentsAddTheirOwnPerUserLimit() {
        assertThat(policy.limitsFor(route("payments.create"), ADA, "203.0.113.7"))
                .containsExactly(new LimitKey(TestLimits.USER, "u-ada"),
                        new LimitKey(TestLimits.PAYMENT, "u-ada"));
    }

    @Test
    void theV1TableNamesOnlyKnownLimits() {
        policy.validate(ROUTES);
    }

    @Test
    void refusesARouteNamingAnUnknownLimit() {
        RouteTable table = RouteTable.of(List.of(RouteDefinition.route("x", HttpMethod.GET, "/x")
                .to(Upstream.TICKET, "GetEvents").limit("nope").compile()));

        assertThatThrownBy(() -> policy.validate(table)).hasMessageContaining("unknown limit nope (known: login, payment, public, register, user)");
    }

    @Test
    void refusesAPublicRouteLimitedPerUser() {
        RouteTable table = RouteTable.of(List.of(RouteDefinition.route("x", HttpMethod.GET, "/x")
                .to(Upstream.TICKET, "GetEvents").limit("payment").compile()));

        assertThatThrownBy(() -> policy.validate(table)).hasMessageContaining("public but limited per user");
    }

    @Test
    void refusesAnAuthenticatedRouteLimitedPerIp() {
        RouteTable table = RouteTable.of(List.of(RouteDefinition.route("x", HttpMethod.GET, "/x")
                .to(Upstream.BOOKING, "ListBookings").authenticated().limit("login").compile()));

        assertThatThrownBy(() -> policy.validate(table)).hasMessageContaining("authenticated but limited per IP");
    }

    @Test
    void refusesAPolicyWithoutTheBaseLimitsOrWithDuplicates() {
        assertThatThrownBy(() -> new RateLimitPolicy(List.of(TestLimits.PUBLIC)))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> new RateLimitPolicy(List.of(TestLimits.PUBLIC,
                TestLimits.USER, TestLimits.PUBLIC))).hasMessageContaining("twice");
    }

    @Test
    void keysCarryAHashTagPerLimitAndSubject() {
        assertThat(new LimitKey(TestLimits.LOGIN, "203.0.113.7").storageKey())
                .isEqualTo("gw:rl:{203.0.113.7}:login");
    }

    @Test
    void bracesInASubjectCannotEndTheHashTag() {
        assertThat(new LimitKey(TestLimits.USER, "}evil{%").storageKey())
                .isEqualTo("gw:rl:{%7Devil%7B%25}:user");
    }
}
