package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import com.google.protobuf.Message;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

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

    /** A call that closes with {@code status} and no message once its request is sent, as a broken service may. */
    private static final class ClosingCall extends ClientCall<Message, Message> {
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
