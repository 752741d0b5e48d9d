package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.route.Route;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A routed client request, as the REST edge hands it to the domain.
 *
 * @param pathVariables decoded path variables of the matched route
 * @param query         the first value of each query parameter
 * @param body          the raw JSON body, empty when there is none
 * @param bearerToken   the token of an {@code Authorization: Bearer} header, if any
 * @param clientBudget  how long the client is willing to wait, if it said so; no upstream call
 *                      gets a longer deadline
 */
public record ApiRequest(Route route, Map<String, String> pathVariables, Map<String, String> query, byte[] body,
                         Optional<String> bearerToken, Optional<String> idempotencyKey, RequestId requestId,
                         String clientIp, Optional<Duration> clientBudget) {

    /** A request whose client named no time budget. */
    public ApiRequest(Route route, Map<String, String> pathVariables, Map<String, String> query, byte[] body,
                      Optional<String> bearerToken, Optional<String> idempotencyKey, RequestId requestId,
                      String clientIp) {
        this(route, pathVariables, query, body, bearerToken, idempotencyKey, requestId, clientIp, Optional.empty());
    }

    public ApiRequest {
        Objects.requireNonNull(clientBudget, "clientBudget");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(clientIp, "clientIp");
        if (clientBudget.isPresent() && (clientBudget.get().isNegative() || clientBudget.get().isZero())) {
            throw new IllegalArgumentException("a client budget must be positive");
        }
        pathVariables = Map.copyOf(pathVariables);
        query = Map.copyOf(query);
    }

    /** The route's deadline, shortened to the client's own budget when that is less. */
    public Duration deadline() {
        return clientDeadline() ? clientBudget.get() : route.deadline();
    }

    /** True when {@link #deadline()} is the client's budget, shorter than the route's deadline. */
    public boolean clientDeadline() {
        return clientBudget.isPresent() && clientBudget.get().compareTo(route.deadline()) < 0;
    }

    @Override
    public String toString() {
        return "ApiRequest[route=" + route.id() + ", requestId=" + requestId + ", clientIp=" + clientIp + "]";
    }
}
