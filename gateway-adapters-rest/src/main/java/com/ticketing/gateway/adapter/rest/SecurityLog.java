package com.ticketing.gateway.adapter.rest;

import com.ticketing.gateway.domain.service.AuthProblem;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The security log (logger {@code security}): one line per event, as {@code key=value} pairs
 * that never carry a credential, a body or a query string:
 * {@code event=AUTH_FAILED reason=invalid_token requestId=... clientIp=... method=GET path=/api/v1/bookings}.
 * Everything taken from the request is reduced to printable ASCII and capped, so no client can
 * forge a line. Thread-safe.
 */
public final class SecurityLog {

    /** What happened. */
    public enum Event {
        /** A protected route without a valid access token, or a refresh with an invalid refresh token. */
        AUTH_FAILED,
        /**
         * A valid token whose session is not active for its subject: logged out, revoked, expired,
         * or another user's (a session is found only under the user it was opened for).
         */
        SESSION_REVOKED,
        /** An already-rotated refresh token: treated as theft, the session is revoked. */
        REFRESH_TOKEN_REUSED,
        /** Wrong credentials at login. */
        LOGIN_FAILED,
        /** A CORS preflight from an origin that is not allowed. */
        CORS_REJECTED,
        /** A request refused as hostile or oversized before it was routed or read. */
        REQUEST_REFUSED
    }

    static final String LOGGER = "security";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private SecurityLog() {
    }

    /** Records one event; {@code reason} is a fixed word chosen by the gateway, never client text. */
    public static void record(HttpServletRequest request, Event event, String reason) {
        record(request, event, reason, null);
    }

    /** Records one event with a piece of client text (e.g. a refused origin), made safe and capped. */
    static void record(HttpServletRequest request, Event event, String reason, String clientDetail) {
        if (!LOG.isWarnEnabled()) {
            return;
        }
        RequestState state = RequestState.peek(request);
        String resolved = state == null ? null : state.clientAddress();
        String client = resolved != null ? resolved : peer(request);
        String line = "event=" + event + " reason=" + reason + " requestId=" + RequestIds.of(request).value()
                + " clientIp=" + ClientText.ascii(client, 45) + " method=" + ClientText.ascii(method(request), 16)
                + " path=" + ClientText.ascii(path(request), 128);
        LOG.warn(clientDetail == null ? line : line + " detail=" + ClientText.ascii(clientDetail, 100));
    }

    /** The event for a refused authentication. */
    static void authentication(HttpServletRequest request, AuthProblem problem) {
        switch (problem) {
            case MISSING_TOKEN -> record(request, Event.AUTH_FAILED, "missing_token");
            case INVALID_TOKEN -> record(request, Event.AUTH_FAILED, "invalid_token");
            case TOKEN_EXPIRED -> record(request, Event.AUTH_FAILED, "token_expired");
            case SESSION_REVOKED -> record(request, Event.SESSION_REVOKED, "session_not_active");
            case TOKEN_REUSED -> record(request, Event.REFRESH_TOKEN_REUSED, "session_revoked");
        }
    }

    /** The socket peer in canonical form, for refusals made before the client address was resolved. */
    private static String peer(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        String canonical = IpLiteral.canonical(peer);
        return canonical != null ? canonical : peer;
    }

    private static String path(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original instanceof String s ? s : request.getRequestURI();
    }

    /** The request's method; an error page is dispatched as a GET, with the refused request's method beside it. */
    private static String method(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_METHOD);
        return original instanceof String s ? s : request.getMethod();
    }
}
