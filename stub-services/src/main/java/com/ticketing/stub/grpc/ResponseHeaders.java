package com.ticketing.stub.grpc;

import com.ticketing.proto.CallHeaders;
import io.grpc.Context;
import io.grpc.Metadata;

/**
 * Response metadata a service wants to send with the current call; {@link ResponseHeadersInterceptor}
 * sends it with the headers (or, for an error without a message, with the trailers).
 * Thread-safe: a service may answer on another thread than the one that called it.
 */
public final class ResponseHeaders {

    static final Context.Key<ResponseHeaders> KEY = Context.key("ticketing-response-headers");

    private Metadata pending = new Metadata();

    /** The holder of the current call; a detached one (whose entries go nowhere) outside an intercepted call. */
    public static ResponseHeaders current() {
        ResponseHeaders headers = KEY.get();
        return headers == null ? new ResponseHeaders() : headers;
    }

    /** Marks the answer as replayed from an earlier write with the same idempotency key. */
    public void markIdempotentReplay() {
        put(CallHeaders.IDEMPOTENT_REPLAY, "true");
    }

    public synchronized void put(Metadata.Key<String> key, String value) {
        pending.discardAll(key);
        pending.put(key, value);
    }

    /** Moves the pending entries into {@code target}; later calls find nothing pending. */
    synchronized void drainInto(Metadata target) {
        target.merge(pending);
        pending = new Metadata();
    }
}
