package com.ticketing.stub.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Gives each call a {@link ResponseHeaders} holder and sends what the service put there: with the
 * response headers, or with the trailers when the call ends before any headers were sent (an error).
 */
public final class ResponseHeadersInterceptor implements ServerInterceptor {

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        ResponseHeaders holder = new ResponseHeaders();
        ServerCall<Q, A> withHeaders = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void sendHeaders(Metadata responseHeaders) {
                holder.drainInto(responseHeaders);
                super.sendHeaders(responseHeaders);
            }

            @Override
            public void close(Status status, Metadata trailers) {
                holder.drainInto(trailers);
                super.close(status, trailers);
            }
        };
        Context context = Context.current().withValue(ResponseHeaders.KEY, holder);
        return Contexts.interceptCall(context, withHeaders, headers, next);
    }
}
