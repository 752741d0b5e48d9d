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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitPolicyTest {

    private static final RouteTable ROUTES = ApiRoutes.v1(Duration.ofSeconds(5), Duration.ofSeconds(8));
    private static final Optional<Identity> ADA =
            Optional.of(new Identity(new UserId("u-ada"), new SessionId("s-1"), "token"));
    private final RateLimitPolicy policy = RateLimitPolicy.defaults();

    private static Route route(String id) {
        return ROUTES.byId(id).orElseThrow();
    }

    @Test
    void publicRoutesAreLimitedPerClientIp() {
        List<LimitKey> keys = policy.limitsFor(route("events.list"), Optional.empty(), "203.0.113.7");

        assertThat(keys).containsExactly(new LimitKey(RateLimitPolicy.DEFAULT_PUBLIC, "203.0.113.7"));
    }

    @Test
    void loginIsLimitedPerIpTwiceOverByThePublicAndTheLoginLimit() {
        List<LimitKey> keys = policy.limitsFor(route("auth.login"), Optional.empty(), "203.0.113.7");

        assertThat(keys).containsExactly(new LimitKey(RateLimitPolicy.DEFAULT_PUBLIC, "203.0.113.7"),
                new LimitKey(RateLimitPolicy.DEFAULT_LOGIN, "203.0.113.7"));
    }

    @Test
    void authenticatedRoutesAreLimitedPerUser() {
        assertThat(policy.limitsFor(route("bookings.list"), ADA, "203.0.113.7"))
                .containsExactly(new LimitKey(RateLimitPolicy.DEFAULT_USER, "u-ada"));
    }

    @Test
    void paymentsAddTheirOwnPerUserLimit() {
        assertThat(policy.limitsFor(route("payments.create"), ADA, "203.0.113.7"))
                .containsExactly(new LimitKey(RateLimitPolicy.DEFAULT_USER, "u-ada"),
                        new LimitKey(RateLimitPolicy.DEFAULT_PAYMENT, "u-ada"));
    }

    @Test
    void defaultsMatchTheContract() {
        assertThat(RateLimitPolicy.DEFAULT_PUBLIC.capacity()).isEqualTo(100);
        assertThat(RateLimitPolicy.DEFAULT_USER.capacity()).isEqualTo(1000);
        assertThat(RateLimitPolicy.DEFAULT_LOGIN.capacity()).isEqualTo(10);
        assertThat(RateLimitPolicy.DEFAULT_REGISTER.capacity()).isEqualTo(10);
        assertThat(RateLimitPolicy.DEFAULT_PAYMENT.capacity()).isEqualTo(30);
        assertThat(RateLimitPolicy.DEFAULT_PAYMENT.period()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theV1TableNamesOnlyKnownLimits() {
        policy.validate(ROUTES);
    }

    @Test
    void refusesARouteNamingAnUnknownLimit() {
        RouteTable table = RouteTable.of(List.of(RouteDefinition.route("x", HttpMethod.GET, "/x")
                .to(Upstream.TICKET, "GetEvents").limit("nope").compile()));

        assertThatThrownBy(() -> policy.validate(table)).hasMessageContaining("unknown limit nope");
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
        assertThatThrownBy(() -> new RateLimitPolicy(List.of(RateLimitPolicy.DEFAULT_PUBLIC)))
                .hasMessageContaining("required");
        assertThatThrownBy(() -> new RateLimitPolicy(List.of(RateLimitPolicy.DEFAULT_PUBLIC,
                RateLimitPolicy.DEFAULT_USER, RateLimitPolicy.DEFAULT_PUBLIC))).hasMessageContaining("twice");
    }

    @Test
    void keysCarryAHashTagPerLimitAndSubject() {
        assertThat(new LimitKey(RateLimitPolicy.DEFAULT_LOGIN, "203.0.113.7").storageKey())
                .isEqualTo("gw:rl:{203.0.113.7}:login");
    }

    @Test
    void bracesInASubjectCannotEndTheHashTag() {
        assertThat(new LimitKey(RateLimitPolicy.DEFAULT_USER, "}evil{%").storageKey())
                .isEqualTo("gw:rl:{%7Devil%7B%25}:user");
    }
}
