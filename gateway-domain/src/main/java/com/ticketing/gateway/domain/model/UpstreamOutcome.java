package com.ticketing.gateway.domain.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one upstream operation. Exceptions never cross the adapter boundary: a failed
 * call is {@link Failed}, a call refused by the service's open circuit breaker is
 * {@link CircuitOpen}, a request that cannot become an upstream message is {@link Unmappable}.
 */
public sealed interface UpstreamOutcome {

    /**
     * The operation succeeded.
     *
     * @param json     the response as REST JSON (camelCase)
     * @param replayed true when the service answered from an earlier call with the same idempotency key
     * @param fields   values of the response fields the request asked for by JSON name (e.g. {@code bookingId})
     */
    record Ok(byte[] json, boolean replayed, Map<String, String> fields) implements UpstreamOutcome {
        public Ok {
            Objects.requireNonNull(json, "json");
            fields = Map.copyOf(fields);
        }
    }

    /**
     * The operation failed.
     *
     * @param kind          the canonical failure kind
     * @param reason        a machine-readable reason from the service (e.g. {@code SOLD_OUT}), or empty
     * @param clientMessage a message the service meant for clients, or empty; never internal details
     * @param violations    the invalid request fields the service named, one each, in its order; empty when
     *                      it named none
     */
    record Failed(FailureKind kind, String reason, String clientMessage, List<FieldViolation> violations)
            implements UpstreamOutcome {
        public Failed {
            Objects.requireNonNull(kind, "kind");
            reason = reason == null ? "" : reason;
            clientMessage = clientMessage == null ? "" : clientMessage;
            violations = List.copyOf(violations);
        }

        /** A failure that names no invalid field. */
        public Failed(FailureKind kind, String reason, String clientMessage) {
            this(kind, reason, clientMessage, List.of());
        }

        public static Failed of(FailureKind kind) {
            return new Failed(kind, "", "");
        }
    }

    /**
     * One invalid request field a service named, meant for the client.
     *
     * @param field   the field's JSON name (e.g. {@code firstName}, {@code items.0.quantity})
     * @param message what is wrong with it
     */
    record FieldViolation(String field, String message) {
        public FieldViolation {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The client's request cannot become the operation's message; nothing was sent.
     *
     * @param malformedJson true when the body is not JSON; false for an unknown field or a wrong type
     * @param field         the offending field's JSON name, or empty
     * @param message       what is wrong, safe to show the client
     */
    record Unmappable(boolean malformedJson, String field, String message) implements UpstreamOutcome {
        public Unmappable {
            field = field == null ? "" : field;
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The service's circuit breaker is open: the call was not sent. The service failed for
     * infrastructure reasons too often; it is tried again (by a health check, not by a client's
     * call) when the open period ends.
     *
     * @param retryAfter how long the circuit stays open at most from now; zero when its end is due
     *                   or its trial is under way
     */
    record CircuitOpen(Duration retryAfter) implements UpstreamOutcome {
        public CircuitOpen {
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (retryAfter.isNegative()) {
                throw new IllegalArgumentException("retryAfter must not be negative");
            }
        }
    }
}
