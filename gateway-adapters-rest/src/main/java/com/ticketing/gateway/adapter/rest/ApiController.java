package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.model.FailureKind;
import com.ticketing.gateway.domain.route.HttpMethod;
import com.ticketing.gateway.domain.route.Route;
import com.ticketing.gateway.domain.route.RouteKind;
import com.ticketing.gateway.domain.route.RouteMatch;
import com.ticketing.gateway.domain.route.RouteTable;
import com.ticketing.gateway.domain.service.ApiGateway;
import com.ticketing.gateway.domain.service.ApiRequest;
import com.ticketing.gateway.domain.service.ApiResponse;
import com.ticketing.gateway.domain.service.ApiResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The front controller of the public API: every {@code /api/**} request is matched against the
 * compiled route table and served by the domain's {@link ApiGateway}. Runs on a virtual thread
 * per request, so blocking on the upstream call is cheap.
 */
@Controller
public final class ApiController {

    private final RouteTable routes;
    private final ApiGateway gateway;
    private final RequestReader reader;
    private final ProblemWriter problems;
    private final ResponseWriter responses;
    private final RefreshTokenBody refreshBody;
    private final TrustedProxies proxies;

    public ApiController(RouteTable routes, ApiGateway gateway, HttpLimits limits, ProblemWriter problems,
                         ResponseWriter responses, RefreshTokenBody refreshBody, TrustedProxies proxies) {
        this.routes = routes;
        this.gateway = gateway;
        this.reader = new RequestReader(limits);
        this.problems = problems;
        this.responses = responses;
        this.refreshBody = refreshBody;
        this.proxies = proxies;
    }

    @RequestMapping("/api/**")
    public void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            HttpMethod method = HttpMethod.parse(request.getMethod());
            List<String> segments = reader.pathSegments(request);
            RouteMatch match = method == null ? unknownMethod(segments) : routes.match(method, segments);
            switch (match) {
                case RouteMatch.NotFound n -> problems.write(request, response,
                        Problem.of(404, ProblemCode.NOT_FOUND, "no such resource"));
                case RouteMatch.MethodNotAllowed m -> problems.write(request, response,
                        Problem.of(405, ProblemCode.METHOD_NOT_ALLOWED, "method not allowed")
                                .withHeader("Allow", m.allowed().stream().map(Enum::name).sorted()
                                        .collect(Collectors.joining(", "))));
                case RouteMatch.Matched matched -> serve(matched.route(), matched.pathVariables(), request, response);
            }
        } catch (RejectedRequest rejected) {
            if (rejected.securityReason() != null) {
                SecurityLog.record(request, SecurityLog.Event.REQUEST_REFUSED, rejected.securityReason());
            }
            if (rejected.problem().status() == 413) {
                response.setHeader("Connection", "close");
            }
            problems.write(request, response, rejected.problem());
        }
    }

    /** A method the route table does not know: 405 with the path's methods, or 404 for an unknown path. */
    private RouteMatch unknownMethod(List<String> segments) {
        Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
        for (HttpMethod known : HttpMethod.values()) {
            if (routes.match(known, segments) instanceof RouteMatch.Matched) {
                allowed.add(known);
            }
        }
        return allowed.isEmpty() ? new RouteMatch.NotFound() : new RouteMatch.MethodNotAllowed(allowed);
    }

    private void serve(Route route, Map<String, String> pathVariables, HttpServletRequest request,
                       HttpServletResponse response) throws RejectedRequest, IOException {
        byte[] body = route.jsonBody() ? reader.jsonBody(request) : new byte[0];
        Optional<String> token = reader.bearerToken(request);
        ApiRequest apiRequest = new ApiRequest(route, pathVariables, reader.query(request), body, token,
                reader.idempotencyKey(request), RequestIds.of(request), proxies.clientAddress(request),
                reader.timeBudget(request));
        SseStream stream = route.kind() == RouteKind.STREAM ? new SseStream(response) : null;
        ApiResponse answer = switch (route.kind()) {
            case STREAM -> gateway.serveStream(apiRequest, stream::send);
            case REFRESH -> gateway.serveRefresh(apiRequest, refreshBody.token(body));
            case TRANSCODE, LOGIN, LOGOUT -> gateway.serve(apiRequest);
        };
        ApiResult result = answer.result();
        recordSecurityEvent(request, route, result);
        if (stream != null && stream.started()) {
            stream.finish(result, problems.toJsonFor(request, result, token.isPresent()));
            return;
        }
        answer.rateLimit().ifPresent(state -> RateLimitHeaders.write(response, state));
        if (result instanceof ApiResult.Success success) {
            responses.write(request, response, success, route.kind() == RouteKind.LOGIN
                    || route.kind() == RouteKind.REFRESH);
        } else {
            problems.write(request, response, ProblemMapping.toProblem(result, token.isPresent()));
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
