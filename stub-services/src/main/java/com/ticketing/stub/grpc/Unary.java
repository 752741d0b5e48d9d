package com.ticketing.stub.grpc;

import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers a unary call from a computation that either returns the response or throws a status.
 * Anything else thrown is a bug: it is logged and answered INTERNAL without details (grpc-java
 * would otherwise answer UNKNOWN).
 */
public final class Unary {

    private static final Logger LOG = Logger.getLogger(Unary.class.getName());

    private Unary() {
    }

    public static <A> void answer(StreamObserver<A> responses, Supplier<A> computation) {
        A response;
        try {
            response = computation.get();
        } catch (StatusRuntimeException e) {
            responses.onError(e);
            return;
        } catch (RuntimeException e) {
            fail(responses, e);
            return;
        }
        responses.onNext(response);
        responses.onCompleted();
    }

    /** Answers {@code responses} with {@code failure} as a status, logging it when it is not one. */
    public static void fail(StreamObserver<?> responses, Throwable failure) {
        if (failure instanceof StatusRuntimeException || failure instanceof StatusException) {
            responses.onError(failure);
            return;
        }
        LOG.log(Level.WARNING, "request failed with an unexpected error", failure);
        responses.onError(Failures.internal());
    }
}
