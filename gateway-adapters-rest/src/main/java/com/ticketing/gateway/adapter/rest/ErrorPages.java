package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Everything the servlet container or Spring MVC turns into an error (unknown paths outside
 * the API, unsupported methods, exceptions) is answered as problem+json, never HTML or a trace.
 */
@Controller
public final class ErrorPages implements ErrorController {

    private final ProblemWriter problems;

    public ErrorPages(ProblemWriter problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        problems.write(request, response, switch (status) {
            case 400 -> Problem.of(400, ProblemCode.VALIDATION_FAILED, "the request is not acceptable");
            case 404 -> Problem.of(404, ProblemCode.NOT_FOUND, "no such resource");
            case 405 -> Problem.of(405, ProblemCode.METHOD_NOT_ALLOWED, "method not allowed");
            case 413 -> Problem.of(413, ProblemCode.PAYLOAD_TOO_LARGE, "the body is too large");
            case 415 -> Problem.of(415, ProblemCode.UNSUPPORTED_MEDIA_TYPE, "unsupported media type");
            default -> status >= 400 && status < 500
                    ? Problem.of(status, ProblemCode.VALIDATION_FAILED, "the request is not acceptable")
                    : Problem.of(500, ProblemCode.INTERNAL, "an internal error occurred");
        });
    }
}
