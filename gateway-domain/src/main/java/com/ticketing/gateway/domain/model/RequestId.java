package com.ticketing.gateway.domain.model;

import java.util.regex.Pattern;

/** The id that correlates one client request across the gateway's logs and every upstream call. */
public record RequestId(String value) {

    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    public RequestId {
        if (value == null || !ACCEPTED.matcher(value).matches()) {
            throw new IllegalArgumentException("request id must be 1..128 characters of [A-Za-z0-9._-]");
        }
    }

    /** True when a client-sent id may be echoed as is. */
    public static boolean isAcceptable(String candidate) {
        return candidate != null && ACCEPTED.matcher(candidate).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
