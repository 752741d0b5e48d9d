package com.ticketing.gateway.domain.route;

/** The HTTP methods the route table knows. */
public enum HttpMethod {
    GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS;

    /** The method for a request line's method token, or null when the gateway does not route it. */
    public static HttpMethod parse(String token) {
        for (HttpMethod m : values()) {
            if (m.name().equals(token)) {
                return m;
            }
        }
        return null;
    }
}
