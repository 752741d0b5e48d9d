package com.ticketing.gateway.domain.route;

import static com.ticketing.gateway.domain.route.HttpMethod.DELETE;
import static com.ticketing.gateway.domain.route.HttpMethod.GET;
import static com.ticketing.gateway.domain.route.HttpMethod.HEAD;
import static com.ticketing.gateway.domain.route.HttpMethod.PATCH;
import static com.ticketing.gateway.domain.route.HttpMethod.POST;
import static com.ticketing.gateway.domain.route.HttpMethod.PUT;
import static com.ticketing.gateway.domain.route.RouteDefinition.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules that refuse a bad route definition when it is compiled. */
class RouteTest {

    private static RouteDefinition getEvents(String path) {
        return route("r", GET, path).to(Upstream.TICKET, "GetEvents");
    }

    @Test
    void compilesADefinitionWithItsDefaults() {
        Route route = getEvents("/events").compile();

        assertThat(route.id()).isEqualTo("r");
        assertThat(route.method()).isEqualTo(GET);
        assertThat(route.path()).hasToString("/events");
        assertThat(route.kind()).isEqualTo(RouteKind.TRANSCODE);
        assertThat(route.operation()).isEqualTo(new UpstreamOperation(Upstream.TICKET, "GetEvents"));
        assertThat(route.auth()).isEqualTo(AuthRequirement.PUBLIC);
        assertThat(route.requiresAuth()).isFalse();
        assertThat(route.rateLimitClass()).isEqualTo("public");
        assertThat(route.cache()).isEqualTo(CachePolicy.NONE);
        assertThat(route.deadline()).isEqualTo(RouteDefinition.DEFAULT_DEADLINE).isEqualTo(Duration.ofSeconds(5));
        assertThat(route.successStatus()).isEqualTo(200);
        assertThat(route.replayStatus()).isEqualTo(200);
        assertThat(route.jsonBody()).isFalse();
        assertThat(route.pathFields()).isEmpty();
        assertThat(route.queryFields()).isEmpty();
        assertThat(route.idempotencyKey()).isEqualTo(IdempotencyKeyUse.NONE);
        assertThat(route.location()).isEmpty();
    }

    @Test
    void compilesEveryDeclaredProperty() {
        Route route = route("b", POST, "/bookings").to(Upstream.BOOKING, "CreateBooking").kind(RouteKind.LOGIN)
                .authenticated().jsonBody().status(202).replayStatus(200).deadline(Duration.ofMillis(750))
                .idempotencyKey(IdempotencyKeyUse.OPTIONAL).location("/bookings/{bookingId}").compile();

        assertThat(route.kind()).isEqualTo(RouteKind.LOGIN);
        assertThat(route.requiresAuth()).isTrue();
        assertThat(route.jsonBody()).isTrue();
        assertThat(route.successStatus()).isEqualTo(202);
        assertThat(route.replayStatus()).isEqualTo(200);
        assertThat(route.deadline()).isEqualTo(Duration.ofMillis(750));
        assertThat(route.idempotencyKey()).isEqualTo(IdempotencyKeyUse.OPTIONAL);
        assertThat(route.location().map(LocationTemplate::text)).isEqualTo(Optional.of("/bookings/{bookingId}"));
    }

    @Test
    void replayStatusDefaultsToTheSuccessStatus() {
        assertThat(getEvents("/e").status(203).compile().replayStatus()).isEqualTo(203);
    }

    @Test
    void authenticatedRouteIsLimitedPerUserUnlessAnotherClassIsNamed() {
        assertThat(getEvents("/e").authenticated().compile().rateLimitClass()).isEqualTo("user");
        assertThat(getEvents("/e").limit("payment").authenticated().compile().rateLimitClass()).isEqualTo("payment");
        assertThat(getEvents("/e").authenticated().limit("payment").compile().rateLimitClass()).isEqualTo("payment");
        assertThat(getEvents("/e").limit("login").compile().rateLimitClass()).isEqualTo("login");
    }

    @Test
    void refusesARouteWithoutUpstreamOperation() {
        assertThatIllegalArgumentException().isThrownBy(() -> route("r", GET, "/e").compile())
                .withMessage("r: no upstream operation");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1})
    void refusesADeadlineThatIsNotPositive(long millis) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> getEvents("/e").deadline(Duration.ofMillis(millis)).compile())
                .withMessage("r: deadline must be positive");
    }

    @Test
    void acceptsTheShortestPositiveDeadline() {
        assertThat(getEvents("/e").deadline(Duration.ofNanos(1)).compile().deadline()).isEqualTo(Duration.ofNanos(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {199, 300, 404, 0, -1})
    void refusesASuccessStatusOutside2xx(int status) {
        assertThatIllegalArgumentException().isThrownBy(() -> getEvents("/e").status(status).compile())
                .withMessage("r: success statuses must be 2xx");
    }

    @ParameterizedTest
    @ValueSource(ints = {199, 300, -1})
    void refusesAReplayStatusOutside2xx(int status) {
        assertThatIllegalArgumentException().isThrownBy(() -> getEvents("/e").replayStatus(status).compile())
                .withMessage("r: success statuses must be 2xx");
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 299})
    void acceptsThe2xxBoundaries(int status) {
        Route route = getEvents("/e").status(status).replayStatus(status).compile();

        assertThat(route.successStatus()).isEqualTo(status);
        assertThat(route.replayStatus()).isEqualTo(status);
    }

    @Test
    void refusesAPathVariableWithoutFieldBinding() {
        assertThatIllegalArgumentException().isThrownBy(() -> getEvents("/e/{id}").compile())
                .withMessage("r: every path variable needs exactly one field binding");
    }

    @Test
    void refusesAFieldBindingForAVariableThePathDoesNotHave() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> getEvents("/e/{id}").pathField("id", "eventId").pathField("other", "x").compile())
                .withMessage("r: every path variable needs exactly one field binding");
    }

    @Test
    void bindsPathVariablesAndQueryParametersToFields() {
        Route route = getEvents("/e/{id}").pathField("id", "eventId").queryField("q", "query").compile();

        assertThat(route.pathFields()).isEqualTo(Map.of("id", "eventId"));
        assertThat(route.queryFields()).isEqualTo(Map.of("q", "query"));
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = {"GET", "DELETE", "HEAD"})
    void refusesABodyOnMethodsWithoutOne(HttpMethod method) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> route("r", method, "/e").to(Upstream.TICKET, "GetEvents").jsonBody().compile())
                .withMessage("r: " + method + " routes take no body");
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = {"POST", "PUT", "PATCH", "OPTIONS"})
    void acceptsABodyOnOtherMethods(HttpMethod method) {
        assertThat(route("r", method, "/e").to(Upstream.TICKET, "GetEvents").jsonBody().compile().jsonBody()).isTrue();
    }

    @Test
    void refusesABodyTogetherWithPathFields() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> route("r", PUT, "/e/{id}").to(Upstream.TICKET, "GetEvents").pathField("id", "eventId")
                        .jsonBody().compile())
                .withMessage("r: a route binds either the body or path/query fields");
    }

    @Test
    void refusesABodyTogetherWithQueryFields() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> route("r", POST, "/e").to(Upstream.TICKET, "GetEvents").queryField("q", "q")
                        .jsonBody().compile())
                .withMessage("r: a route binds either the body or path/query fields");
    }

    @ParameterizedTest
    @EnumSource(value = HttpMethod.class, names = {"POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
    void refusesCachingOtherMethodsThanGet(HttpMethod method) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> route("r", method, "/e").to(Upstream.TICKET, "GetEvents")
                        .cache(Duration.ofSeconds(1)).compile())
                .withMessage("r: only public GET routes may be cached");
    }

    @Test
    void refusesCachingAnAuthenticatedRoute() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> getEvents("/e").authenticated().cache(Duration.ofSeconds(1)).compile())
                .withMessage("r: only public GET routes may be cached");
    }

    @Test
    void acceptsCachingAPublicGetRoute() {
        Route route = getEvents("/e").cache(Duration.ofSeconds(10)).compile();

        assertThat(route.cache().cacheable()).isTrue();
        assertThat(route.cache().ttl()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aZeroCacheTtlIsNoCachingAndAllowedAnywhere() {
        Route route = route("r", POST, "/e").to(Upstream.TICKET, "GetEvents").authenticated().cache(Duration.ZERO)
                .compile();

        assertThat(route.cache().cacheable()).isFalse();
    }

    @Test
    void refusesABadPathTemplate() {
        assertThatIllegalArgumentException().isThrownBy(() -> getEvents("events").compile());
    }

    @Test
    void pathAndQueryFieldsCannotBeChangedAfterCompiling() {
        Route route = getEvents("/e/{id}").pathField("id", "eventId").compile();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> route.pathFields().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> route.queryFields().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void patchAndHeadAreRoutableMethods() {
        assertThat(route("p", PATCH, "/e").to(Upstream.TICKET, "GetEvents").compile().method()).isEqualTo(PATCH);
        assertThat(route("h", HEAD, "/e").to(Upstream.TICKET, "GetEvents").compile().method()).isEqualTo(HEAD);
        assertThat(route("d", DELETE, "/e").to(Upstream.TICKET, "GetEvents").compile().method()).isEqualTo(DELETE);
    }
}
