package com.ticketing.stub;

import com.ticketing.stub.grpc.LastCallHeaders;
import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * In-memory gRPC stubs of auth, ticket, booking, payment and the booking worker, for local runs
 * and end-to-end tests. {@link #start(StubConfig)} runs them in this JVM; {@link #main} runs them
 * from environment variables (see {@link StubEnvironment}) until SIGTERM.
 */
public final class StubServices {

    private static final Logger LOG = Logger.getLogger(StubServices.class.getName());

    private StubServices() {
    }

    /** Starts every instance of every service; on failure, whatever started is stopped again. */
    public static StubCluster start(StubConfig config) {
        ServerCredentials credentials = config.tls().map(StubTls::credentials)
                .orElseGet(InsecureServerCredentials::create);
        StubBackends backends = new StubBackends(config);
        Map<StubService, List<StubServer>> servers = new EnumMap<>(StubService.class);
        Map<StubService, LastCallHeaders> lastHeaders = new EnumMap<>(StubService.class);
        for (StubService service : StubService.values()) {
            LastCallHeaders serviceHeaders = new LastCallHeaders();
            lastHeaders.put(service, serviceHeaders);
            List<StubServer> instances = new ArrayList<>();
            for (int index = 0; index < config.instancesPerService(); index++) {
                instances.add(new StubServer(service, index, config.port(service, index),
                        backends.definition(service), credentials, serviceHeaders));
            }
            servers.put(service, List.copyOf(instances));
        }
        StubCluster cluster = new StubCluster(config, backends, servers, lastHeaders);
        try {
            servers.values().forEach(instances -> instances.forEach(StubServer::start));
            backends.start();
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public static void main(String[] args) throws InterruptedException {
        StubConfig config = StubEnvironment.read(System.getenv());
        LOG.info(() -> "starting stubs with " + config);
        StubCluster cluster = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cluster.close();
            System.out.println("stub services stopped");
        }, "stub-shutdown"));
        for (StubService service : StubService.values()) {
            List<Integer> ports = cluster.ports(service);
            for (int index = 0; index < ports.size(); index++) {
                System.out.printf("%s[%d] %s listening on port %d%n",
                        service.displayName(), index, service.grpcServiceName(), ports.get(index));
            }
        }
        System.out.println("all stub services started");
        System.out.flush();
        cluster.awaitClosed();
    }
}
