package com.ticketing.gateway.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.testing.ApiRequests;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Requests and results validate what they are made of. */
class ApiValuesTest {

    private static final Route ROUTE = ApiRequests.route("bookings.get");
    private static final RequestId ID = new RequestId("r-1");

    @Test
    void requestNeverPrintsItsTokenNorKey() {
        ApiRequest request = ApiRequests.to("bookings.get").path("id", "b-1").bearer("eyJ.secret")
                .idempotencyKey("key-secret").requestId("r-7").build();

        assertThat(request).hasToString("ApiRequest[route=bookings.get, requestId=r-7, clientIp=203.0.113.7]");
    }

    @Test
    void requestCopiesItsMaps() {
        Map<String, String> variables = new HashMap<>(Map.of("id", "b-1"));
        Map<String, String> query = new HashMap<>(Map.of("q", "x"));
        ApiRequest request = new ApiRequest(ROUTE, variables, query, new byte[0], Optional.empty(), Optional.empty(),
                ID, "ip");
        variables.clear();
        query.clear();

        assertThat(request.pathVariables()).isEqualTo(Map.of("id", "b-1"));
        assertThat(request.query()).isEqualTo(Map.of("q", "x"));
    }

    @Test
    void requestNeedsEveryPart() {
        byte[] body = new byte[0];
        Optional<String> none = Optional.empty();
        assertThatNullPointerException().isThrownBy(() -> new ApiRequest(null, Map.of(), Map.of(), body, none, none, ID, "ip"));
        assertThatNullPointerException().isThrownBy(() -> new ApiRequest(ROUTE, Map.of(), Map.of(), null, none, none, ID, "ip"));
        assertThatNullPointerException().isThrownBy(() -> new ApiRequest(ROUTE, Map.of(), Map.of(), body, null, none, ID, "ip"));
        assertThatNullPointerException().isThrownBy(() -> new ApiRequest(ROUTE, Map.of(), Map.of(), body, none, null, ID, "ip"));
        assertThatNullPointerException().isThrownBy(() -> new ApiRequest(ROUTE, Map.of(), Map.of(), body, none, none, null, "ip"));
        assertThatNullPointerException().isThrownBy(() -> new ApiRequest(ROUTE, Map.of(), Map.of(), body, none, none, ID, null));
    }

    @Test
    void plainSuccessHasNoLocationNoTagAndNoClientCaching() {
        byte[] json = {'{', '}'};

        ApiResult.Success success = ApiResult.Success.of(201, json);

        assertThat(success.status()).isEqualTo(201);
        assertThat(success.json()).isSameAs(json);
        assertThat(success.location()).isEmpty();
        assertThat(success.etag()).isEmpty();
        assertThat(success.maxAge()).isZero();
    }

    @Test
    void resultsNeedTheirParts() {
        Optional<String> none = Optional.empty();
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.Success(200, null, none, none, Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.Success(200, new byte[0], null, none, Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.Success(200, new byte[0], none, null, Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.Success(200, new byte[0], none, none, null));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.ServiceFailure(null));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.InvalidInput(false, null, "m"));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.InvalidInput(false, "f", null));
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.Unauthenticated(null));
        assertThat(new ApiResult.ServiceFailure(UpstreamOutcome.Failed.of(
                com.ticketing.gateway.domain.model.FailureKind.INTERNAL)).failure().kind())
                .isEqualTo(com.ticketing.gateway.domain.model.FailureKind.INTERNAL);
    }

    @Test
    void aStoreFailureIsTheSameAnswerWhateverItsCauseButNotForAnotherStore() {
        ApiResult.StoreUnavailable timedOut = new ApiResult.StoreUnavailable("sessions", "redis timed out");
        ApiResult.StoreUnavailable refused = new ApiResult.StoreUnavailable("sessions", "connection refused");

        assertThat(timedOut).isEqualTo(refused).hasSameHashCodeAs(refused).isEqualTo(new ApiResult.StoreUnavailable("sessions"));
        assertThat(timedOut).isNotEqualTo(new ApiResult.StoreUnavailable("stream tickets", "redis timed out"))
                .isNotEqualTo("sessions");
        assertThat(new ApiResult.StoreUnavailable("sessions").cause()).isEmpty();
        assertThatNullPointerException().isThrownBy(() -> new ApiResult.StoreUnavailable("sessions", null));
    }
}
