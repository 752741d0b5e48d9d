package com.ticketing.stub;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Injected latency: holds back everything a unary call sends (headers, reply, status) until the
 * latency has passed since the call arrived, as an overloaded instance or a slow link would. The
 * service itself runs at once, so its effects happen even when the caller has given up by then.
 * Streaming calls pass untouched. Only the service's own calls go through it: health checks and
 * reflection answer at once, so a slow instance stays healthy and in rotation, as in real life.
 * Thread-safe; no thread of its own (the held-back sends run on the common pool).
 */
final class ResponseDelay implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(ResponseDelay.class.getName());

    private volatile Duration latency = Duration.ZERO;

    /** {@link Duration#ZERO} turns the delay off; applies to calls that arrive from now on. */
    void set(Duration newLatency) {
        Objects.requireNonNull(newLatency, "latency");
        if (newLatency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        latency = newLatency;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                      ServerCallHandler<Q, A> next) {
        Duration delay = latency;
        if (delay.isZero() || call.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
            return next.startCall(call, headers);
        }
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
        return next.startCall(new Delayed<>(call, release), headers);
    }

    /** Queues the sends behind the release, in the order the service made them. */
    private static final class Delayed<Q, A> extends ForwardingServerCall.SimpleForwardingServerCall<Q, A> {

        private CompletableFuture<Void> tail;

        Delayed(ServerCall<Q, A> call, CompletableFuture<Void> release) {
            super(call);
            this.tail = release;
        }

        @Override
        public void sendHeaders(Metadata responseHeaders) {
            later(() -> delegate().sendHeaders(responseHeaders));
        }

        @Override
        public void sendMessage(A message) {
            later(() -> delegate().sendMessage(message));
        }

        @Override
        public void close(Status status, Metadata trailers) {
            later(() -> delegate().close(status, trailers));
        }

        private synchronized void later(Runnable send) {
            tail = tail.handle((ignored, failure) -> {
                try {
                    send.run();
                } catch (RuntimeException e) {
                    // The caller may have gone away meanwhile; the next sends still run.
                    LOG.log(Level.FINE, "a delayed send failed", e);
                }
                return null;
            });
        }
    }
}
