package com.ticketing.gateway.adapter.rest;

import jakarta.servlet.RequestDispatcher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.res.StringManager;

/**
 * Tomcat's error report, as problem+json instead of an HTML page. Tomcat answers requests it
 * cannot parse or map (oversized head, bad characters in the request target or a header, encoded
 * {@code /}, {@code \} or NUL, duplicate {@code Content-Length}, unknown transfer coding or HTTP
 * version) without ever reaching the application's error page; this valve, which replaces the
 * host's {@link ErrorReportValve}, writes those answers. An oversized head is told apart as 414
 * when the request line did not fit and 431 when the header fields did not. An allowed origin
 * gets its CORS headers here as well, and the client's acceptable {@code X-Request-Id} is echoed;
 * for a head refused before its fields were parsed, the processor found both in the raw bytes
 * ({@link RawHeadField}).
 */
public final class ProblemReportValve extends ErrorReportValve {

    private static final String HEAD_TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
            .getString("iib.requestheadertoolarge.error");
    /** Tomcat's message for too many header fields, split around its count: a locale-proof match. */
    private static final String[] TOO_MANY_HEADERS = StringManager.getManager("org.apache.tomcat.util.http")
            .getString("headers.maxCountFail", "#COUNT#").split("#COUNT#", 2);

    private final ProblemWriter problems;
    private final CorsHeaders cors;

    /** @param cors so that an allowed origin can read these answers too */
    public ProblemReportValve(ProblemWriter problems, CorsHeaders cors) {
        this.problems = problems;
        this.cors = cors;
        setShowReport(false);
        setShowServerInfo(false);
    }

    /** Puts this valve in place of every error report valve of the host, now and when it starts. */
    public void install(Host host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && valve != this) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (host instanceof StandardHost standard) {
            standard.setErrorReportValveClass(ProblemReportValve.class.getName()); // else it adds its own on start
        }
        host.getPipeline().addValve(this);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        Problem problem = ErrorPages.forStatus(effectiveStatus(request, status, throwable));
        try {
            RequestIds.assign(request, response);
            if (ErrorPages.REFUSALS.contains(status)) {
                SecurityLog.record(request, SecurityLog.Event.REQUEST_REFUSED, "container_" + problem.status());
            }
            response.setStatus(problem.status());
            response.setHeader("Connection", "close"); // the rest of what was sent cannot be trusted
            cors.allow(response, request.getHeader("Origin"));
            ProblemWriter.setHeaders(response);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            byte[] body = problems.toJson(request, problem);
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(body, StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response cannot be written; nothing more to tell
        }
    }

    /**
     * 400 for an oversized head becomes 414 when the request line did not fit and 431 when the
     * header fields did not; 400 for too many header fields becomes 431.
     */
    private static int effectiveStatus(Request request, int status, Throwable throwable) {
        Throwable cause = throwable != null ? throwable
                : (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status != 400 || cause == null || cause.getMessage() == null) {
            return status;
        }
        String message = cause.getMessage();
        if (cause instanceof IllegalArgumentException && HEAD_TOO_LARGE.equals(message)) {
            String uri = request.getRequestURI();
            return uri == null || uri.isEmpty() ? 414 : 431;
        }
        if (cause instanceof IllegalStateException && TOO_MANY_HEADERS.length == 2
                && message.startsWith(TOO_MANY_HEADERS[0]) && message.endsWith(TOO_MANY_HEADERS[1])) {
            return 431;
        }
        return status;
    }
}
