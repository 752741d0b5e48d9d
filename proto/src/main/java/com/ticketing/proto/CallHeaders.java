package com.ticketing.proto;

import io.grpc.Metadata;

/**
 * Metadata entries shared by the gateway and the services. The gateway sets the caller's
 * identity only from a verified token; services trust these entries because only the gateway
 * (over TLS/mTLS in production) reaches them.
 */
public final class CallHeaders {

    /** The caller's bearer token, as {@code Bearer <jwt>}. */
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** The verified user id of the caller. */
    public static final Metadata.Key<String> USER_ID =
            Metadata.Key.of("x-user-id", Metadata.ASCII_STRING_MARSHALLER);
    /** The verified session id of the caller. */
    public static final Metadata.Key<String> SESSION_ID =
            Metadata.Key.of("x-session-id", Metadata.ASCII_STRING_MARSHALLER);
    /** The gateway's request id, for correlating logs. */
    public static final Metadata.Key<String> REQUEST_ID =
            Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
    /** The client's Idempotency-Key for writes that may be retried. */
    public static final Metadata.Key<String> IDEMPOTENCY_KEY =
            Metadata.Key.of("idempotency-key", Metadata.ASCII_STRING_MARSHALLER);
    /**
     * The W3C trace context of the gateway's span for this call
     * ({@code 00-<trace id>-<span id>-<flags>}); a service's spans join the client's trace through it.
     */
    public static final Metadata.Key<String> TRACEPARENT =
            Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
    /** Response header: "true" when a write was answered from an earlier one with the same key. */
    public static final Metadata.Key<String> IDEMPOTENT_REPLAY =
            Metadata.Key.of("x-idempotent-replay", Metadata.ASCII_STRING_MARSHALLER);

    /** ErrorInfo reasons (google.rpc.ErrorInfo in grpc-status-details-bin) the gateway maps. */
    public static final String REASON_SOLD_OUT = "SOLD_OUT";
    public static final String REASON_PAYMENT_DECLINED = "PAYMENT_DECLINED";
    public static final String REASON_BOOKING_NOT_PAYABLE = "BOOKING_NOT_PAYABLE";
    public static final String REASON_TOKEN_REUSED = "TOKEN_REUSED";

    private CallHeaders() {
    }
}
