package com.ticketing.gateway.adapter.grpc;

import static com.ticketing.gateway.adapter.grpc.Calls.awaitWaiting;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.Uninterruptibles;
import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.CallOptions;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdmittedCallTest {

    @Test
    void aCallClosedOkWithoutAReplyFailsInternalAsGrpcsBlockingCallDoes() {
        assertThatThrownBy(() -> AdmittedCall.call(executor -> new ClosingCall(executor, Status.OK),
                Empty.getDefaultInstance(), CompletableFuture.completedFuture(true)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
                    assertThat(e.getStatus().getDescription()).isEqualTo("No value received for unary call");
                });
    }

    @Test
    void aCallClosedWithAStatusFailsWithIt() {
        assertThatThrownBy(() -> AdmittedCall.call(executor -> new ClosingCall(executor, Status.UNAVAILABLE),
                Empty.getDefaultInstance(), CompletableFuture.completedFuture(true)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }

    /**
     * grpc's ClientCall is not thread-safe: a cancel that races the start on another thread made the start fail
     * with "call was cancelled" (an UNKNOWN failure, counted against the service) instead of a CANCELLED call.
     */
    @Test
    void aCallerInterruptedWhileItsCallStartsHasTheCallCancelledOnceStarted() throws Exception {
        String name = InProcessServerBuilder.generateName();
        CountDownLatch arrived = new CountDownLatch(1);
        Server server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(ServerServiceDefinition.builder("test.Held")
                        .addMethod(HELD, ServerCalls.asyncUnaryCall((Message request, StreamObserver<Message> reply) ->
                                arrived.countDown())) // never answers
                        .build())
                .build().start();
        ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            CountDownLatch starting = new CountDownLatch(1);
            CountDownLatch mayStart = new CountDownLatch(1);
            CompletableFuture<Boolean> admission = new CompletableFuture<>();
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    AdmittedCall.call(executor -> new ForwardingClientCall.SimpleForwardingClientCall<Message, Message>(
                            channel.newCall(HELD, CallOptions.DEFAULT.withExecutor(executor))) {
                        @Override
                        public void start(Listener<Message> listener, Metadata headers) {
                            starting.countDown();
                            Uninterruptibles.awaitUninterruptibly(mayStart);
                            super.start(listener, headers);
                        }
                    }, Empty.getDefaultInstance(), admission);
                } catch (RuntimeException e) {
                    thrown.set(e);
                }
            });
            awaitWaiting(caller);
            Thread admitting = Thread.ofPlatform().start(() -> admission.complete(true));
            assertThat(starting.await(5, TimeUnit.SECONDS)).isTrue();

            caller.interrupt();
            Thread.sleep(100); // the caller handles its interrupt while the call is still starting
            mayStart.countDown();
            admitting.join(5_000);
            caller.join(5_000);

            assertThat(caller.isAlive()).isFalse();
            assertThat(thrown.get()).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
            assertThat(arrived.await(5, TimeUnit.SECONDS)).as("the call went out, then was cancelled").isTrue();
        } finally {
            channel.shutdownNow();
            server.shutdownNow();
        }
    }

    /**
     * An interrupted caller waits for the admission: a request that is then refused gets no answer of its call
     * (nothing to count, meter or retry), and one that is admitted fails CANCELLED without the call being sent.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aCallerInterruptedBeforeItsAdmissionWaitsForItAndNeverSendsTheCall(boolean admitted) throws Exception {
        CompletableFuture<Boolean> admission = new CompletableFuture<>();
        AtomicReference<Object> answer = new AtomicReference<>();
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                answer.set(AdmittedCall.call(executor -> new ClosingCall(executor, Status.OK) {
                    @Override
                    public void start(Listener<Message> listener, Metadata headers) {
                        started.set(true);
                        super.start(listener, headers);
                    }
                }, Empty.getDefaultInstance(), admission));
            } catch (RuntimeException e) {
                answer.set(e);
            }
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        awaitWaiting(caller);

        caller.interrupt();
        Thread.sleep(100);
        assertThat(caller.isAlive()).as("no answer before the admission is decided").isTrue();
        assertThat(answer.get()).isNull();
        admission.complete(admitted);
        caller.join(5_000);

        assertThat(caller.isAlive()).isFalse();
        if (admitted) {
            assertThat(answer.get()).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED));
        } else {
            assertThat(answer.get()).isEqualTo(Optional.empty());
        }
        assertThat(started).as("the call was never sent").isFalse();
        assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
    }

    private static final MethodDescriptor<Message, Message> HELD = MethodDescriptor.<Message, Message>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("test.Held", "Hold"))
            .setRequestMarshaller(ProtoUtils.marshaller((Message) Empty.getDefaultInstance()))
            .setResponseMarshaller(ProtoUtils.marshaller((Message) Empty.getDefaultInstance()))
            .build();

    /** A call that closes with {@code status} and no message once its request is sent, as a broken service may. */
    private static class ClosingCall extends ClientCall<Message, Message> {
        private final Executor executor;
        private final Status status;
        private Listener<Message> listener;

        ClosingCall(Executor executor, Status status) {
            this.executor = executor;
            this.status = status;
        }

        @Override
        public void start(Listener<Message> listener, Metadata headers) {
            this.listener = listener;
        }

        @Override
        public void request(int messages) {
        }

        @Override
        public void cancel(String message, Throwable cause) {
        }

        @Override
        public void halfClose() {
            executor.execute(() -> listener.onClose(status, new Metadata()));
        }

        @Override
        public void sendMessage(Message message) {
        }
    }
}
