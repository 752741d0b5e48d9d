package com.ticketing.gateway.adapter.grpc;

import com.google.protobuf.Message;
import io.grpc.ClientCall;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * One unary call that goes out once its admission completes with true, on the thread that
 * completes it (a store's I/O thread: starting a call does not block), and never otherwise; the
 * calling thread waits once, for the reply. The call's callbacks run on the calling thread, as in
 * grpc's blocking call: this is the call's executor, which the caller drains while it waits.
 * One per call; the caller must be the thread that made it.
 */
final class AdmittedCall implements Executor {

    private static final System.Logger LOG = System.getLogger(AdmittedCall.class.getName());
    private static final int PENDING = 0;
    /** The admitting thread is starting the call (start, request, message, half-close). */
    private static final int STARTING = 1;
    /** The call is started: from here on only the caller touches it. */
    private static final int SENT = 2;
    /** The caller was interrupted while the call was starting: the admitting thread cancels it once started. */
    private static final int CANCEL_ASKED = 3;
    private static final int REFUSED = 4;
    /**
     * The caller was interrupted before the admission was decided: it still waits for the decision, so that
     * a refused request gets no answer of the call (the {@code Backend} contract), and gives up the call then.
     */
    private static final int INTERRUPTED = 5;
    /** Admitted after the caller was interrupted: the call is never sent, and the caller fails CANCELLED. */
    private static final int WITHDRAWN = 6;

    private final Thread caller = Thread.currentThread();
    private final ConcurrentLinkedQueue<Runnable> callbacks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(PENDING);
    private volatile Message reply;
    private volatile Throwable failure;
    private volatile boolean closed;

    private AdmittedCall() {
    }

    /**
     * @param newCall   makes the call on the calling thread (where its metadata is read), with this
     *                  executor for its callbacks
     * @param admission completes with whether the call may go out; never exceptionally
     * @return the reply, or empty when the call was not admitted (then it never started)
     * @throws RuntimeException the call's failure, as grpc's blocking call throws it ({@code
     *         StatusRuntimeException}; CANCELLED when the calling thread is interrupted: at once once the
     *         call is sent, else when the admission is decided, and then only if the call was admitted)
     */
    static Optional<Message> call(Function<Executor, ClientCall<Message, Message>> newCall, Message request,
                                  CompletableFuture<Boolean> admission) {
        AdmittedCall waiting = new AdmittedCall();
        ClientCall<Message, Message> call = newCall.apply(waiting);
        admission.whenComplete((admitted, error) -> waiting.open(call, request, Boolean.TRUE.equals(admitted)));
        return waiting.reply(call);
    }

    @Override
    public void execute(Runnable callback) {
        callbacks.add(callback);
        LockSupport.unpark(caller);
    }

    private void open(ClientCall<Message, Message> call, Message request, boolean admitted) {
        if (!admitted) {
            if (state.compareAndSet(PENDING, REFUSED) || state.compareAndSet(INTERRUPTED, REFUSED)) {
                LockSupport.unpark(caller);
            }
            return;
        }
        if (!state.compareAndSet(PENDING, STARTING)) {
            if (state.compareAndSet(INTERRUPTED, WITHDRAWN)) { // the caller gave up first: the call is not sent
                LockSupport.unpark(caller);
            }
            return;
        }
        try {
            ClientCalls.asyncUnaryCall(call, request, new StreamObserver<>() {
                @Override
                public void onNext(Message value) {
                    reply = value;
                }

                @Override
                public void onError(Throwable t) {
                    failure = t;
                    closed = true;
                }

                @Override
                public void onCompleted() {
                    closed = true;
                }
            });
        } catch (RuntimeException | Error e) {
            failure = e;
            closed = true;
            LockSupport.unpark(caller);
            return;
        }
        if (!state.compareAndSet(STARTING, SENT)) {
            // A ClientCall is not thread-safe: the caller, interrupted meanwhile, left the cancel to this
            // thread rather than race the start. It closes with CANCELLED, through the callbacks.
            call.cancel("the caller was interrupted", null);
        }
    }

    private Optional<Message> reply(ClientCall<Message, Message> call) {
        boolean interrupted = false;
        try {
            while (true) {
                drain();
                if (closed) {
                    break;
                }
                int now = state.get();
                if (now == REFUSED) {
                    return Optional.empty();
                }
                if (now == WITHDRAWN) {
                    throw Status.CANCELLED.withDescription("the caller was interrupted before the call was admitted")
                            .asRuntimeException();
                }
                LockSupport.park(this);
                if (Thread.interrupted() && !interrupted) {
                    interrupted = true;
                    // Before the admission is decided the caller waits for it (a store's answer, bounded by
                    // its command timeout); once the call is starting or sent, it is cancelled.
                    if (!state.compareAndSet(PENDING, INTERRUPTED) && !state.compareAndSet(STARTING, CANCEL_ASKED)
                            && state.get() == SENT) {
                        call.cancel("the caller was interrupted", null); // closes with CANCELLED, through the callbacks
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Throwable failed = failure;
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        if (failed != null) {
            throw Status.fromThrowable(failed).asRuntimeException();
        }
        if (reply == null) { // closed OK without a message: what grpc's blocking call answers
            throw Status.INTERNAL.withDescription("No value received for unary call").asRuntimeException();
        }
        return Optional.of(reply);
    }

    private void drain() {
        Runnable callback;
        while ((callback = callbacks.poll()) != null) {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "a call's callback failed", e); // as grpc's own executors do
            }
        }
    }
}
