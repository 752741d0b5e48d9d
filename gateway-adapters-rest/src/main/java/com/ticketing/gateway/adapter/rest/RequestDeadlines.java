package com.ticketing.gateway.adapter.rest;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How long a client may take to send a request, whatever its pace: the head (request line and
 * header fields, from its first byte) within {@code head}, the body (from the first read of it)
 * within {@code body}. The idle time allowed between two reads is the connector's own, shorter
 * limit; these bound the total, so that a client dripping one byte or one header line at a time
 * cannot hold a connection. Past either: 408 (or a plain close when nothing of a request came).
 *
 * @param head SERVER_HEADER_TIMEOUT_MS
 * @param body SERVER_BODY_TIMEOUT_MS
 */
public record RequestDeadlines(Duration head, Duration body) {

    public static final Duration DEFAULT_HEAD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BODY = Duration.ofSeconds(30);
    public static final RequestDeadlines DEFAULTS = new RequestDeadlines(DEFAULT_HEAD, DEFAULT_BODY);

    /** The part of a request being read when its time ran out. */
    public enum Phase {
        HEAD, BODY;

        /** The phase's name as a metric tag value. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public RequestDeadlines {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(body, "body");
        if (head.toMillis() < 100) {
            throw new IllegalArgumentException("SERVER_HEADER_TIMEOUT_MS must be at least 100, not " + head.toMillis());
        }
        if (body.toMillis() < 100) {
            throw new IllegalArgumentException("SERVER_BODY_TIMEOUT_MS must be at least 100, not " + body.toMillis());
        }
    }

    /**
     * Whole milliseconds left (rounded up) before the deadline of {@code phase}, which began at
     * {@code startNanos}, as seen at {@code nowNanos} (both from one monotonic clock); zero or less
     * once it has passed.
     */
    public long millisLeft(Phase phase, long startNanos, long nowNanos) {
        long leftNanos = (phase == Phase.HEAD ? head : body).toNanos() - (nowNanos - startNanos);
        return leftNanos <= 0 ? leftNanos / 1_000_000 : (leftNanos + 999_999) / 1_000_000;
    }
}
