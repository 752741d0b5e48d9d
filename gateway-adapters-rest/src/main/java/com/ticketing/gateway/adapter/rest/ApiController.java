package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteMatch;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.ApiGateway;
import com.ticketing.gateway.domain.service.ApiRequest;
import com.ticketing.gateway.domain.service.ApiResult;
import com.ticketing.gateway.domain.service.Served;
import com.ticketing.gateway.domain.service.StreamTicketing;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front controller of the public API: every {@code /api/**} request is matched against the
 * compiled route table and served by the domain's {@link ApiGateway}. Runs on a virtual thread
 * per request, so blocking on the upstream call is cheap.
 *
 * <p>A servlet of its own, mapped to {@code /api/*}, rather than a Spring MVC handler: the route
 * table already does the matching, so the dispatcher's handler lookup, argument resolution and
 * per-request bookkeeping would only add work to every call (the filters still run as before).
 */
public final class ApiController extends HttpServlet {

    /** Store failures, one line per refused request: the cause and the request's id. */
    private static final Logger STORES = LoggerFactory.getLogger("com.ticketing.gateway.stores");
    private static final Set<String> STREAM_PARAMETERS = Set.of(StreamTicketing.PARAMETER);

    private static final long serialVersionUID = 1L;

    private final transient RouteTable routes;
    private final transient ApiGateway gateway;
    private final transient RequestReader reader;
    private final transient ProblemWriter problems;
    private final transient ResponseWriter responses;
    private final transient RefreshTokenBody refreshBody;
    private final transient TrustedProxies proxies;
    private final transient OpenStreams streams;

    public ApiController(RouteTable routes, ApiGateway gateway, HttpLimits limits, ProblemWriter problems,
                         ResponseWriter responses, RefreshTokenBody refreshBody, TrustedProxies proxies,
                         OpenStreams streams) {
        this.routes = routes;
        this.gateway = gateway;
        this.reader = new RequestReader(limits);
        this.problems = problems;
        this.responses = responses;
        this.refreshBody = refreshBody;
        this.proxies = proxies;
        this.streams = streams;
    }

    /** Every method, HEAD, OPTIONS and TRACE included, goes to the route table. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response);
    }

    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            HttpMethod method = HttpMethod.parse(request.getMethod());
            List<String> segments = reader.pathSegments(request);
            // A method the table does not know (null) matches no route: 405 with the path's methods, or 404.
            RouteMatch match = routes.match(method, segments);
            switch (match) {
                case RouteMatch.NotFound n -> problems.write(request, response, ProblemMapping.notFound());
                case RouteMatch.MethodNotAllowed m -> problems.write(request, response,
                        ProblemMapping.methodNotAllowed().withHeader("Allow",
                                m.allowed().stream().map(Enum::name).sorted().collect(Collectors.joining(", "))));
                case RouteMatch.Matched matched -> {
                    RequestState state = RequestState.of(request);
                    state.matched(matched.route());
                    serve(matched.route(), matched.pathVariables(), state, request, response);
                }
            }
        } catch (RejectedRequest rejected) {
            if (rejected.securityReason() != null) {
                SecurityLog.record(request, SecurityLog.Event.REQUEST_REFUSED, rejected.securityReason());
            }
            if (rejected.problem().status() == 413 || rejected.problem().status() == 408) {
                response.setHeader("Connection", "close"); // the rest of the body is not read
            }
            problems.write(request, response, rejected.problem());
        }
    }

    /** The query parameters the route reads, each of which must come once. */
    private static Set<String> readOnce(Route route) {
        return route.kind() == RouteKind.STREAM ? STREAM_PARAMETERS : route.queryFields().keySet();
    }

    private void serve(Route route, Map<String, String> pathVariables, RequestState learnt, HttpServletRequest request,
                       HttpServletResponse response) throws RejectedRequest, IOException {
        byte[] body;
        if (route.jsonBody()) {
            body = reader.jsonBody(request);
        } else {
            reader.noBody(request);
            body = new byte[0];
        }
        Optional<String> token = reader.bearerToken(request);
        ApiRequest apiRequest = new ApiRequest(route, pathVariables, reader.query(request, readOnce(route)), body, token,
                reader.idempotencyKey(request), RequestIds.of(request), clientAddress(request),
                reader.timeBudget(request));
        SseStream stream = route.kind() == RouteKind.STREAM
                ? new SseStream(response, streams, apiRequest.requestId(), () -> InFlightLimit.handOver(request),
                        BookingEvent.lastEventId(request.getHeader("Last-Event-ID"))) : null;
        Served answer = switch (route.kind()) {
            case STREAM -> stream.relay(sink -> gateway.serveGatedStream(apiRequest, stream::admitted, sink));
            case REFRESH -> gateway.serveRefresh(apiRequest, refreshBody.read(body));
            case TRANSCODE, LOGIN, LOGOUT, STREAM_TICKET -> gateway.serve(apiRequest);
        };
        ApiResult result = answer.result();
        answer.user().ifPresent(user -> learnt.servedFor(user.value()));
        recordSecurityEvent(request, route, result);
        recordStoreFailure(request, result);
        if (stream != null && stream.started()) {
            ApiResult shown = stream.endedBySession().orElse(result);
            stream.finish(shown, problems.toJsonFor(request, shown, token.isPresent()));
            return;
        }
        if (stream != null && result instanceof ApiResult.Success) {
            // Nothing the client has not seen, and the booking is final: EventSource stops on 204.
            answer.rateLimit().ifPresent(state -> RateLimitHeaders.write(response, state));
            response.setHeader("Cache-Control", "no-store");
            response.setStatus(204);
            return;
        }
        answer.rateLimit().ifPresent(state -> RateLimitHeaders.write(response, state));
        if (result instanceof ApiResult.Success success) {
            responses.write(request, response, success, route.kind() == RouteKind.LOGIN
                    || route.kind() == RouteKind.REFRESH || route.kind() == RouteKind.STREAM_TICKET);
        } else {
            problems.write(request, response, ProblemMapping.toProblem(result, token.isPresent()));
        }
    }

    /**
     * What the domain's per-IP limits count this request under: the client address (resolved once
     * per request), for IPv6 its network of the configured prefix.
     */
    private String clientAddress(HttpServletRequest request) {
        return proxies.limitSubject(proxies.clientAddress(request));
    }

    /** A store that could not answer, with its cause and the request's id (the answer is a 503). */
    private static void recordStoreFailure(HttpServletRequest request, ApiResult result) {
        if (result instanceof ApiResult.StoreUnavailable unavailable && !unavailable.cause().isEmpty()) {
            STORES.warn("the {} store is unavailable; refusing with 503: {} requestId={}", unavailable.store(),
                    unavailable.cause(), RequestIds.of(request).value());
        }
    }

    /** Refused authentication and failed logins go to the security log (rate limits are logged where decided). */
    private static void recordSecurityEvent(HttpServletRequest request, Route route, ApiResult result) {
        if (result instanceof ApiResult.Unauthenticated unauthenticated) {
            SecurityLog.authentication(request, unauthenticated.problem());
        } else if (route.kind() == RouteKind.LOGIN && result instanceof ApiResult.ServiceFailure failure
                && failure.failure().kind() == FailureKind.UNAUTHENTICATED) {
            SecurityLog.record(request, SecurityLog.Event.LOGIN_FAILED, "bad_credentials");
        }
    }

}
