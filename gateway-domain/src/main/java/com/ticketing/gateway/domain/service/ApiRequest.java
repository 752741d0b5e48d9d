package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.RequestId;
import com.ticketing.gateway.domain.route.Route;
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
 */
public record ApiRequest(Route route, Map<String, String> pathVariables, Map<String, String> query, byte[] body,
                         Optional<String> bearerToken, Optional<String> idempotencyKey, RequestId requestId,
                         String clientIp) {
    public ApiRequest {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(bearerToken, "bearerToken");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(clientIp, "clientIp");
        pathVariables = Map.copyOf(pathVariables);
        query = Map.copyOf(query);
    }

    @Override
    public String toString() {
        return "ApiRequest[route=" + route.id() + ", requestId=" + requestId + ", clientIp=" + clientIp + "]";
    }
}
