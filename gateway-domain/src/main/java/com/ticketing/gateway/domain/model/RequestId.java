package com.ticketing.gateway.domain.model;

/** The id that correlates one client request across the gateway's logs and every upstream call. */
public record RequestId(String value) {

    private static final int LONGEST = 128;

    public RequestId {
        if (!isAcceptable(value)) {
            throw new IllegalArgumentException("request id must be 1..128 characters of [A-Za-z0-9._-]");
        }
    }

    /** True when a client-sent id may be echoed as is: 1 to 128 characters of {@code [A-Za-z0-9._-]}. */
    public static boolean isAcceptable(String candidate) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > LONGEST) {
            return false;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
