package com.ticketing.load;

import com.ticketing.gateway.adapter.redis.RedisServerFixture;
import com.ticketing.stub.StubCluster;
import com.ticketing.stub.StubConfig;
import com.ticketing.stub.StubService;
import com.ticketing.stub.StubServices;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The stub services in this JVM on fixed free ports, so they can be restarted with fresh state
 * (and another worker pace) while the gateway keeps its configuration and reconnects by itself.
 */
public final class StubStack implements AutoCloseable {

    private StubConfig config;
    private StubCluster cluster;

    private StubStack(StubConfig config) {
        this.config = config;
        this.cluster = StubServices.start(config);
    }

    /** Starts the stubs; every instance of {@code base} gets a port that was free a moment ago. */
    public static StubStack start(StubConfig base) {
        Map<StubService, Integer> ports = new EnumMap<>(StubService.class);
        for (StubService service : StubService.values()) {
            ports.put(service, freeBasePort(base.instancesPerService()));
        }
        return new StubStack(base.withBasePorts(ports));
    }

    public String target(StubService service) {
        return cluster.target(service);
    }

    /** The gateway settings that point it at these stubs, signing secrets included. */
    public Map<String, String> gatewayEnvironment() {
        return cluster.gatewayEnvironment();
    }

    /**
     * Stops every stub and starts them again on the same ports with empty state (users, bookings,
     * the worker's queue) and the given worker pace. Tokens stay valid (same secrets).
     */
    public synchronized void restart(Duration workerPace) {
        cluster.close();
        config = config.withWorkerPace(workerPace);
        cluster = StubServices.start(config);
    }

    @Override
    public synchronized void close() {
        cluster.close();
    }

    /** A port p such that p and every p + PORT_STRIDE × i (i &lt; instances) are free. */
    private static int freeBasePort(int instances) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = RedisServerFixture.freePort();
            if (port + StubConfig.PORT_STRIDE * (instances - 1) > 65535) {
                continue;
            }
            boolean free = true;
            for (int i = 1; i < instances && free; i++) {
                free = isFree(port + StubConfig.PORT_STRIDE * i);
            }
            if (free) {
                return port;
            }
        }
        throw new IllegalStateException("no free ports for the stubs");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
