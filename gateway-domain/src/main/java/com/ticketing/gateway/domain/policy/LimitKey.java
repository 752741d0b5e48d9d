package com.ticketing.gateway.domain.policy;

import java.util.Objects;

/**
 * One limit applied to one subject. {@link #storageKey()} names its state; the braces are a Redis
 * Cluster hash tag on the subject, so all limits of one request (which share their subject, see
 * {@link RateLimitPolicy#validate}) live in one slot and one script can decide them together.
 */
public record LimitKey(RateLimit limit, String subject) {

    public LimitKey {
        Objects.requireNonNull(limit, "limit");
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("a limit needs a subject");
        }
    }

    public String storageKey() {
        return "gw:rl:{" + tagSafe(subject) + "}:" + limit.name();
    }

    /**
     * A subject as a Redis Cluster hash tag: braces would end the tag early (or make it empty), so
     * they are percent-encoded. Keys of other data about the same subject use it too, to share the slot.
     */
    public static String tagSafe(String subject) {
        if (subject.indexOf('{') < 0 && subject.indexOf('}') < 0 && subject.indexOf('%') < 0) {
            return subject;
        }
        return subject.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
    }
}
