package com.ticketing.stub;

import com.ticketing.stub.grpc.LastCallHeaders;
import io.grpc.Metadata;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Running stubs: every service as {@link StubConfig#instancesPerService()} servers on distinct TCP
 * ports, all sharing one in-memory state. Made by {@link StubServices#start(StubConfig)}; thread-safe.
 * Instances are numbered from 0.
 */
public final class StubCluster implements AutoCloseable {

    private final StubConfig config;
    private final StubBackends backends;
    private final Map<StubService, List<StubServer>> servers;
    private final Map<StubService, LastCallHeaders> lastHeaders;
    private final CountDownLatch closed = new CountDownLatch(1);

    StubCluster(StubConfig config, StubBackends backends, Map<StubService, List<StubServer>> servers,
                Map<StubService, LastCallHeaders> lastHeaders) {
        this.config = config;
        this.backends = backends;
        this.servers = new EnumMap<>(servers);
        this.lastHeaders = new EnumMap<>(lastHeaders);
    }

    public StubConfig config() {
        return config;
    }

    /** The bound ports of the service's instances, by instance index (also of stopped ones). */
    public List<Integer> ports(StubService service) {
        return servers.get(service).stream().map(StubServer::port).toList();
    }

    public int port(StubService service, int index) {
        return server(service, index).port();
    }

    /** {@code localhost:p0,localhost:p1,…}: the form of the gateway's {@code GRPC_*_URL} settings. */
    public String target(StubService service) {
        return ports(service).stream().map(port -> "localhost:" + port).collect(Collectors.joining(","));
    }

    /**
     * The gateway settings that point it at this cluster: {@code JWT_SECRET} and
     * {@code JWT_REFRESH_SECRET} (the auth service's signing secrets) and every {@code GRPC_*_URL}.
     */
    public Map<String, String> gatewayEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JWT_SECRET", config().jwtSecret());
        env.put("JWT_REFRESH_SECRET", config().jwtRefreshSecret());
        env.put("GRPC_AUTH_SERVICE_URL", target(StubService.AUTH));
        env.put("GRPC_TICKET_SERVICE_URL", target(StubService.TICKET));
        env.put("GRPC_BOOKING_SERVICE_URL", target(StubService.BOOKING));
        env.put("GRPC_PAYMENT_SERVICE_URL", target(StubService.PAYMENT));
        env.put("GRPC_BOOKING_WORKER_URL", target(StubService.BOOKING_WORKER));
        return env;
    }

    /** The metadata of the latest call any instance of {@code service} received; empty before the first. */
    public Optional<Metadata> lastCallHeaders(StubService service) {
        return lastHeaders.get(service).get();
    }

    /** Stops one instance (its port refuses connections); the other instances keep answering. */
    public void stopInstance(StubService service, int index) {
        server(service, index).stop();
    }

    /** Starts a stopped instance again on the same port; no-op when it runs. */
    public void startInstance(StubService service, int index) {
        server(service, index).start();
    }

    public boolean isRunning(StubService service, int index) {
        return server(service, index).isRunning();
    }

    /** Sets {@code grpc.health.v1} of every instance of the service to SERVING or NOT_SERVING. */
    public void setServing(StubService service, boolean serving) {
        servers.get(service).forEach(server -> server.setServing(serving));
    }

    public void setServing(StubService service, int index, boolean serving) {
        server(service, index).setServing(serving);
    }

    /**
     * Delays every reply of one instance's unary calls by {@code latency} from the call's arrival
     * ({@link Duration#ZERO} turns it off); the service still does its work at once. Its health
     * checks are not delayed, so a slow instance stays in rotation. Survives restarts.
     */
    public void setLatency(StubService service, int index, Duration latency) {
        server(service, index).setLatency(latency);
    }

    /** Blocks until {@link #close()} has run. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Stops every server and the booking worker. Idempotent. */
    @Override
    public void close() {
        for (List<StubServer> instances : servers.values()) {
            instances.forEach(StubServer::stop);
        }
        backends.close();
        closed.countDown();
    }

    StubBackends backends() {
        return backends;
    }

    private StubServer server(StubService service, int index) {
        List<StubServer> instances = servers.get(service);
        if (index < 0 || index >= instances.size()) {
            throw new IndexOutOfBoundsException(service + " has instances 0.." + (instances.size() - 1));
        }
        return instances.get(index);
    }
}
