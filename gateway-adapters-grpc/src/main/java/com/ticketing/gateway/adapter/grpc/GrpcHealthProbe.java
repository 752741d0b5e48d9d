package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@link HealthProbe} over the gateway's own channels: a {@code grpc.health.v1} Check of the whole
 * server through the service's load-balanced channel, so any serving instance answers. The check
 * waits for a ready connection (wait-for-ready) up to its deadline: right after
 * {@link #resetConnectBackoff} the channel is still connecting, and a fail-fast call would fail at
 * once on the channel's transient failure.
 */
public final class GrpcHealthProbe implements HealthProbe {

    private static final HealthCheckRequest WHOLE_SERVER = HealthCheckRequest.newBuilder().setService("").build();

    private final GrpcChannels channels;

    public GrpcHealthProbe(GrpcChannels channels) {
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    @Override
    public void resetConnectBackoff(Upstream service) {
        channels.resetConnectBackoff(service);
    }

    @Override
    public CompletionStage<Boolean> serving(Upstream service, Duration deadline) {
        CompletableFuture<Boolean> serving = new CompletableFuture<>();
        HealthGrpc.newStub(channels.channel(service))
                .withWaitForReady()
                .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS)
                .check(WHOLE_SERVER, new StreamObserver<>() {
                    @Override
                    public void onNext(HealthCheckResponse response) {
                        serving.complete(response.getStatus() == HealthCheckResponse.ServingStatus.SERVING);
                    }

                    @Override
                    public void onError(Throwable t) {
                        serving.complete(false);
                    }

                    @Override
                    public void onCompleted() {
                        serving.complete(false);
                    }
                });
        return serving;
    }
}
