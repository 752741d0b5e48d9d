package com.ticketing.load;

/**
 * Sends request number {@code index} of a scenario and waits for its answer; one instance per
 * worker thread (it may own a connection). Answers with an HTTP status ({@code 2xx} is success);
 * the direct gRPC baseline answers 200 for OK and {@code 1000 + code} for any other gRPC status.
 * An exception is a transport error (connect, reset, time-out), counted apart from non-2xx answers.
 */
@FunctionalInterface
public interface Caller {

    int GRPC_STATUS_BASE = 1000;

    int call(long index) throws Exception;

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    static String describe(int status) {
        if (status >= GRPC_STATUS_BASE) {
            return "grpc " + io.grpc.Status.Code.values()[status - GRPC_STATUS_BASE].name();
        }
        return "http " + status;
    }
}
