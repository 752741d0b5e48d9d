package com.ticketing.stub;

import com.ticketing.stub.grpc.LastCallHeaders;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One instance of one service: a gRPC server (plaintext or TLS) on a TCP port (all interfaces) with the service,
 * {@code grpc.health.v1} and server reflection. It can be stopped and started again on the same
 * port; its health status and injected latency survive restarts. Thread-safe.
 */
final class StubServer {

    private static final Logger LOG = Logger.getLogger(StubServer.class.getName());
    private static final long GRACE_MILLIS = 500;

    private final StubService service;
    private final int index;
    private final ServerServiceDefinition definition;
    private final ServerCredentials credentials;
    private final ResponseDelay delay = new ResponseDelay();
    private final LastCallHeaders lastHeaders;
    private int port;
    private boolean serving = true;
    private Server server;
    private HealthStatusManager health;

    /**
     * @param credentials plaintext ({@code InsecureServerCredentials}) or TLS, read once for every start
     * @param lastHeaders where the metadata of each call to the service is kept
     */
    StubServer(StubService service, int index, int requestedPort, ServerServiceDefinition definition,
               ServerCredentials credentials, LastCallHeaders lastHeaders) {
        this.service = service;
        this.index = index;
        this.port = requestedPort;
        this.definition = definition;
        this.credentials = credentials;
        this.lastHeaders = lastHeaders;
    }

    /** Starts listening (on the port of the first start, once it is known); no-op when running. */
    synchronized void start() {
        if (server != null) {
            return;
        }
        HealthStatusManager newHealth = new HealthStatusManager();
        try {
            server = NettyServerBuilder.forAddress(new InetSocketAddress(port), credentials)
                    .withOption(ChannelOption.SO_REUSEADDR, true)
                    // the gateway pings idle channels every 30 s (GRPC_KEEPALIVE_TIME_MS); allow it
                    .permitKeepAliveTime(10, java.util.concurrent.TimeUnit.SECONDS)
                    .permitKeepAliveWithoutCalls(true)
                    .addService(ServerInterceptors.intercept(definition, delay, lastHeaders))
                    .addService(newHealth.getHealthService())
                    .addService(ProtoReflectionServiceV1.newInstance())
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name() + " on port " + port, e);
        }
        health = newHealth;
        port = server.getPort();
        publishHealth();
        LOG.info(() -> name() + " listening on port " + port);
    }

    /** Stops listening and ends open calls after a short grace period; no-op when stopped. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
        health = null;
        LOG.info(() -> name() + " stopped");
    }

    synchronized void setServing(boolean nowServing) {
        serving = nowServing;
        if (health != null) {
            publishHealth();
        }
    }

    /** Delays the replies of this instance's unary calls by {@code latency}; ZERO turns it off. */
    void setLatency(Duration latency) {
        delay.set(latency);
    }

    synchronized int port() {
        return port;
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    String name() {
        return service.displayName() + "[" + index + "]";
    }

    private void publishHealth() {
        ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        health.setStatus(service.grpcServiceName(), status);
    }
}
