package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.route.ApiRoutes;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.ApiRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Builds routed requests for the routes of {@link ApiRoutes#v1} as the REST edge would hand them over. */
public final class ApiRequests {

    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(2);
    public static final Duration PAYMENT_DEADLINE = Duration.ofSeconds(8);
    public static final Duration STREAM_DEADLINE = Duration.ofSeconds(30);
    public static final RouteTable ROUTES = ApiRoutes.v1(DEFAULT_DEADLINE, PAYMENT_DEADLINE, STREAM_DEADLINE);

    private final Route route;
    private final Map<String, String> pathVariables = new LinkedHashMap<>();
    private final Map<String, String> query = new LinkedHashMap<>();
    private byte[] body = new byte[0];
    private Optional<String> bearerToken = Optional.empty();
    private Optional<String> idempotencyKey = Optional.empty();
    private String requestId = "req-1";
    private String clientIp = "203.0.113.7";

    private ApiRequests(Route route) {
        this.route = route;
    }

    public static Route route(String id) {
        return ROUTES.byId(id).orElseThrow(() -> new IllegalArgumentException("no route " + id));
    }

    public static ApiRequests to(String routeId) {
        return new ApiRequests(route(routeId));
    }

    public static ApiRequests to(Route route) {
        return new ApiRequests(route);
    }

    public ApiRequests path(String variable, String value) {
        pathVariables.put(variable, value);
        return this;
    }

    public ApiRequests query(String parameter, String value) {
        query.put(parameter, value);
        return this;
    }

    public ApiRequests clientIp(String address) {
        this.clientIp = address;
        return this;
    }

    public ApiRequests body(String json) {
        this.body = json.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public ApiRequests bearer(String token) {
        this.bearerToken = Optional.of(token);
        return this;
    }

    public ApiRequests idempotencyKey(String key) {
        this.idempotencyKey = Optional.of(key);
        return this;
    }

    public ApiRequests requestId(String id) {
        this.requestId = id;
        return this;
    }

    public ApiRequest build() {
        return new ApiRequest(route, pathVariables, query, body, bearerToken, idempotencyKey,
                new RequestId(requestId), clientIp);
    }
}
