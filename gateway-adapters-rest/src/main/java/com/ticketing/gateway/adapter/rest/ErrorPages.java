package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Everything the servlet container or Spring MVC turns into an error (unknown paths outside
 * the API, unsupported methods, unreadable bodies, exceptions) is answered as problem+json,
 * never HTML or a trace. A client asking for {@code /error} itself gets 404.
 */
@Controller
public final class ErrorPages implements ErrorController {

    /** Statuses the container gives requests it refuses as malformed or oversized. */
    static final Set<Integer> REFUSALS = Set.of(400, 408, 413, 414, 431, 501, 505);

    private final ProblemWriter problems;

    public ErrorPages(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 404;
        Problem problem = forStatus(status);
        if (status == 405 && response.getHeader("Allow") instanceof String allow) {
            response.setHeader("Allow", withHead(allow));
        }
        if (REFUSALS.contains(status)) {
            SecurityLog.record(request, SecurityLog.Event.REQUEST_REFUSED, "container_" + problem.status());
        }
        problems.write(request, response, problem);
    }

    /**
     * Spring MVC's {@code Allow} with {@code HEAD} after {@code GET}: it answers HEAD wherever it
     * maps GET, but lists only the mapped methods (RFC 9110 §10.2.1: every method the resource takes).
     */
    static String withHead(String allow) {
        List<String> methods = new ArrayList<>(Arrays.stream(allow.split(",")).map(String::trim)
                .filter(m -> !m.isEmpty()).toList());
        int get = methods.indexOf("GET");
        if (get >= 0 && !methods.contains("HEAD")) {
            methods.add(get + 1, "HEAD");
        }
        return String.join(", ", methods);
    }

    /**
     * The problem for an error status the container or Spring MVC chose. Statuses that only a
     * malformed request earns but that read as server faults (501 for an unknown transfer coding
     * or CONNECT, 505 for an unknown HTTP version) are answered 400: a client's garbage must not
     * count as the gateway failing.
     */
    static Problem forStatus(int status) {
        return switch (status) {
            case 400 -> ProblemMapping.malformedRequest();
            case 403 -> ProblemMapping.forbidden();
            case 404 -> ProblemMapping.notFound();
            case 405 -> ProblemMapping.methodNotAllowed();
            case 408 -> ProblemMapping.requestTimeout();
            case 413 -> ProblemMapping.bodyTooLarge();
            case 414 -> ProblemMapping.uriTooLong();
            case 415 -> ProblemMapping.unsupportedMediaType();
            case 431 -> ProblemMapping.headersTooLarge();
            case 501 -> ProblemMapping.notImplemented(false);
            case 505 -> ProblemMapping.notImplemented(true);
            default -> status >= 400 && status < 500 ? ProblemMapping.notAcceptable(status)
                    : ProblemMapping.internalError();
        };
    }
}
