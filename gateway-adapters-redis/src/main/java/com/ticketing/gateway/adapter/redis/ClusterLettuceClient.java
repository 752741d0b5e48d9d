package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.Disposable;

/**
 * A Redis Cluster: commands go straight to the master of their slot. The slot map is re-read
 * periodically and on every adaptive trigger (MOVED/ASK, persistent reconnects, uncovered
 * slots), so a restarted or failed-over master is used again without restarting the gateway.
 *
 * <p>Lettuce opens a master's connection on its first command and, failing commands while
 * disconnected, rejects that first command too. So the connection to every master is opened
 * up front, and again whenever the slot map changes (a new master appears).
 */
final class ClusterLettuceClient implements LettuceClient {

    /** The least time between two refreshes caused by adaptive triggers. */
    static final Duration ADAPTIVE_REFRESH_MIN_INTERVAL = Duration.ofSeconds(2);

    private final RedisClusterClient client;
    private final ClientResources resources;
    private final Duration connectTimeout;
    /** The seed address: the credentials and TLS of every master's. */
    private final RedisURI seed;
    private volatile StatefulRedisClusterConnection<String, String> connected;

    ClusterLettuceClient(RedisSettings settings, RedisTopology.Cluster cluster, ClientResources resources) {
        this.resources = resources;
        this.connectTimeout = settings.connectTimeout();
        this.seed = settings.toRedisUris().getFirst();
        client = RedisClusterClient.create(resources, settings.toRedisUris());
        ClusterClientOptions.Builder options = ClusterClientOptions.builder();
        LettuceClient.applyFailureBehaviour(options, settings);
        options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(cluster.refreshPeriod())
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_MIN_INTERVAL)
                .build());
        client.setOptions(options.build());
    }

    @Override
    public Connected connect() {
        StatefulRedisClusterConnection<String, String> connection = client.connect();
        connected = connection;
        awaitQuietly(openEveryMasterConnection(connection));
        Disposable topologyWatch = resources.eventBus().get()
                .filter(ClusterTopologyChangedEvent.class::isInstance)
                .subscribe(changed -> openEveryMasterConnection(connection));
        return new Connected(connection.async(), () -> pingEveryMaster(connection), () -> {
            topologyWatch.dispose();
            connection.close();
        });
    }

    @Override
    public List<RedisURI> masters() {
        StatefulRedisClusterConnection<String, String> connection = connected;
        if (connection == null) {
            return List.of();
        }
        List<RedisURI> masters = new ArrayList<>();
        for (RedisURI master : masters(connection)) {
            masters.add(RedisURI.builder(seed).withHost(master.getHost()).withPort(master.getPort()).build());
        }
        return masters;
    }

    private static void pingEveryMaster(StatefulRedisClusterConnection<String, String> connection) {
        for (RedisURI master : masters(connection)) {
            LettuceClient.requirePong(connection.getConnection(master.getHost(), master.getPort()).sync().ping());
        }
    }

    private static CompletableFuture<Void> openEveryMasterConnection(
            StatefulRedisClusterConnection<String, String> connection) {
        List<CompletableFuture<StatefulRedisConnection<String, String>>> opening = new ArrayList<>();
        for (RedisURI master : masters(connection)) {
            opening.add(connection.getConnectionAsync(master.getHost(), master.getPort()));
        }
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new));
    }

    /**
     * The masters of the current slot map, by address: the connections commands are routed over
     * by slot (not those by node id).
     */
    private static List<RedisURI> masters(StatefulRedisClusterConnection<String, String> connection) {
        List<RedisURI> masters = new ArrayList<>();
        for (RedisClusterNode node : connection.getPartitions()) {
            if (node.getRole().isUpstream()) {
                masters.add(node.getUri());
            }
        }
        return masters;
    }

    /** Waits up to the connect timeout; a master that cannot be reached now is retried on its own. */
    private void awaitQuietly(CompletableFuture<Void> opening) {
        try {
            opening.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // Commands for that master's slots fail as unavailable until it answers.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
