package com.ticketing.gateway.adapter.grpc;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A channel that does what its delegate does and counts {@link #resetConnectBackoff()} calls. */
final class ResetCountingChannel extends ManagedChannel {

    private final ManagedChannel delegate;
    private final AtomicInteger resets = new AtomicInteger();

    ResetCountingChannel(ManagedChannel delegate) {
        this.delegate = delegate;
    }

    int resets() {
        return resets.get();
    }

    @Override
    public void resetConnectBackoff() {
        resets.incrementAndGet();
        delegate.resetConnectBackoff();
    }

    @Override
    public ConnectivityState getState(boolean requestConnection) {
        return delegate.getState(requestConnection);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions options) {
        return delegate.newCall(method, options);
    }

    @Override
    public String authority() {
        return delegate.authority();
    }

    @Override
    public ManagedChannel shutdown() {
        delegate.shutdown();
        return this;
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public ManagedChannel shutdownNow() {
        delegate.shutdownNow();
        return this;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }
}
