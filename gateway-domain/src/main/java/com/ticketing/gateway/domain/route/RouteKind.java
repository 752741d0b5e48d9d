package com.ticketing.gateway.domain.route;

/** How the gateway serves a route. */
public enum RouteKind {
    /** A unary RPC: JSON body, path and query parameters in; the reply as JSON out. */
    TRANSCODE,
    /**
     * A server-streaming RPC, served as {@code text/event-stream}; opened with a bearer token or
     * a stream ticket.
     */
    STREAM,
    /** Login: the tokens are issued upstream and the session is recorded by the gateway. */
    LOGIN,
    /** Refresh-token rotation with reuse detection. */
    REFRESH,
    /** Revokes the caller's session. */
    LOGOUT,
    /**
     * Issues a stream ticket for the booking the path names; the route's unary operation is the
     * ownership check (it must find the booking for the caller).
     */
    STREAM_TICKET
}
