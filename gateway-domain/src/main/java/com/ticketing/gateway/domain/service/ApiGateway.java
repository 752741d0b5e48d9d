package com.ticketing.gateway.domain.service;

import com.ticketing.gateway.domain.model.CachedResponse;
import com.ticketing.gateway.domain.model.CallContext;
import com.ticketing.gateway.domain.model.Identity;
import com.ticketing.gateway.domain.model.UpstreamOutcome;
import com.ticketing.gateway.domain.port.Backend;
import com.ticketing.gateway.domain.port.ResponseCache;
import com.ticketing.gateway.domain.port.UpstreamCall;
import com.ticketing.gateway.domain.route.IdempotencyKeyUse;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The gateway's inbound use case: serve one routed request. Authenticates protected routes,
 * then transcodes to the route's upstream operation, answering cacheable routes from the cache.
 */
public final class ApiGateway {

    private final Backend backend;
    private final Authentication authentication;
    private final Sessions sessions;
    private final ResponseCache cache;

    public ApiGateway(Backend backend, Authentication authentication, Sessions sessions, ResponseCache cache) {
        this.backend = Objects.requireNonNull(backend);
        this.authentication = Objects.requireNonNull(authentication);
        this.sessions = Objects.requireNonNull(sessions);
        this.cache = Objects.requireNonNull(cache);
    }

    /** Serves a unary route (any kind but {@link RouteKind#STREAM} and {@link RouteKind#REFRESH}). */
    public ApiResult handle(ApiRequest request) {
        Route route = request.route();
        if (route.kind() == RouteKind.LOGIN) {
            return sessions.login(request);
        }
        Optional<Identity> identity = Optional.empty();
        if (route.requiresAuth()) {
            switch (authentication.authenticate(request.bearerToken())) {
                case Authentication.Outcome.Refused refused -> {
                    return refused.result();
                }
                case Authentication.Outcome.Authenticated ok -> identity = Optional.of(ok.identity());
            }
        }
        if (route.kind() == RouteKind.LOGOUT) {
            return sessions.logout(request, identity.orElseThrow());
        }
        if (route.idempotencyKey() == IdempotencyKeyUse.REQUIRED && request.idempotencyKey().isEmpty()) {
            return new ApiResult.InvalidInput(false, "Idempotency-Key", "header is required");
        }
        String cacheKey = route.cache().cacheable() ? cacheKey(request) : null;
        if (cacheKey != null) {
            Optional<CachedResponse> hit = cache.get(cacheKey);
            if (hit.isPresent()) {
                return cached(route, hit.get());
            }
        }
        UpstreamCall call = new UpstreamCall(route.operation(), request.body(), fields(request),
                responseFields(route), context(request, identity));
        return switch (backend.call(call)) {
            case UpstreamOutcome.Ok ok -> {
                if (cacheKey != null) {
                    CachedResponse entry = new CachedResponse(ok.json(), EntityTag.of(ok.json()));
                    cache.put(cacheKey, entry, route.cache().ttl());
                    yield cached(route, entry);
                }
                yield new ApiResult.Success(ok.replayed() ? route.replayStatus() : route.successStatus(), ok.json(),
                        route.location().map(template -> fill(template, ok.fields())), Optional.empty(),
                        Duration.ZERO);
            }
            case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
            case UpstreamOutcome.Unmappable u -> new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
        };
    }

    /** Refresh-token rotation; the token comes from the request's JSON body. */
    public ApiResult refresh(ApiRequest request, String refreshToken) {
        return sessions.refresh(request, refreshToken);
    }

    /**
     * Serves a {@link RouteKind#STREAM} route: each message goes to {@code onMessage} as it comes.
     * Returns {@code Success} when the stream completed, or why it did not start or broke off.
     */
    public ApiResult stream(ApiRequest request, Consumer<byte[]> onMessage) {
        Optional<Identity> identity = Optional.empty();
        if (request.route().requiresAuth()) {
            switch (authentication.authenticate(request.bearerToken())) {
                case Authentication.Outcome.Refused refused -> {
                    return refused.result();
                }
                case Authentication.Outcome.Authenticated ok -> identity = Optional.of(ok.identity());
            }
        }
        UpstreamCall call = new UpstreamCall(request.route().operation(), new byte[0], fields(request), Set.of(),
                context(request, identity));
        return switch (backend.stream(call, onMessage)) {
            case UpstreamOutcome.Ok ok -> ApiResult.Success.of(200, new byte[0]);
            case UpstreamOutcome.Failed failed -> new ApiResult.ServiceFailure(failed);
            case UpstreamOutcome.Unmappable u -> new ApiResult.InvalidInput(u.malformedJson(), u.field(), u.message());
        };
    }

    private static ApiResult cached(Route route, CachedResponse entry) {
        return new ApiResult.Success(route.successStatus(), entry.json(), Optional.empty(),
                Optional.of(entry.etag()), route.cache().ttl());
    }

    private static CallContext context(ApiRequest request, Optional<Identity> identity) {
        return new CallContext(request.requestId(), identity, request.idempotencyKey(), request.route().deadline());
    }

    private static Map<String, String> fields(ApiRequest request) {
        Route route = request.route();
        Map<String, String> fields = new LinkedHashMap<>();
        route.pathFields().forEach((variable, field) -> fields.put(field, request.pathVariables().get(variable)));
        route.queryFields().forEach((parameter, field) -> {
            String value = request.query().get(parameter);
            if (value != null) {
                fields.put(field, value);
            }
        });
        return fields;
    }

    private static Set<String> responseFields(Route route) {
        return route.location().map(ApiGateway::variablesOf).orElse(Set.of());
    }

    private static Set<String> variablesOf(String template) {
        Set<String> names = new java.util.HashSet<>();
        int at = template.indexOf('{');
        while (at >= 0) {
            int end = template.indexOf('}', at);
            names.add(template.substring(at + 1, end));
            at = template.indexOf('{', end);
        }
        return names;
    }

    private static String fill(String template, Map<String, String> values) {
        String result = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.replace("{" + e.getKey() + "}", e.getValue());
        }
        return result;
    }

    /**
     * The cache key: the route and its bound fields sorted by name (the same on every instance;
     * a route's field maps keep no order), each value percent-encoded so that no value can pose
     * as another field.
     */
    static String cacheKey(ApiRequest request) {
        StringBuilder key = new StringBuilder(request.route().id());
        new TreeMap<>(fields(request)).forEach((field, value) -> key.append('|').append(field).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return key.toString();
    }
}
