package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.ConnectionFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The primary that Sentinels point at. Connections ask the Sentinels where it is when they open
 * and on every reconnect (a dead primary is left within a reconnect), and each Sentinel's
 * {@code +switch-master} for our master marks the open connection as moved, so the next command
 * opens a new one on the promoted replica (a planned failover is followed within the
 * announcement, not when the Sentinel demotes the old primary ten seconds later). Session writes
 * go over a second connection and are acknowledged only once replicas confirmed them
 * ({@link ReplicaConfirmedWrites}): that, not the switch, is what keeps acknowledged writes.
 *
 * <p>Why not lettuce's {@code MasterReplica} with Sentinel, which also follows {@code +switch-master}:
 * in lettuce 7.7 it refreshes its topology five seconds after the first Sentinel event of a
 * failover (events in between are dropped), and its connections reconnect to fixed addresses,
 * so a dead primary would be left later than by asking the Sentinels on reconnect.
 *
 * <p>Subscriptions: every Sentinel is subscribed when it answers; one that cannot be reached is
 * tried again every {@link #RESUBSCRIBE_EVERY}, and lettuce re-subscribes after a dropped one.
 */
final class SentinelLettuceClient implements LettuceClient {

    /** How often a Sentinel that could not be subscribed to is tried again. */
    static final Duration RESUBSCRIBE_EVERY = Duration.ofSeconds(1);
    private static final String SWITCH_MASTER = "+switch-master";
    private static final System.Logger LOG = System.getLogger(SentinelLettuceClient.class.getName());

    private final RedisClient client;
    private final RedisTopology.Sentinel topology;
    private final Duration commandTimeout;
    private final Duration replicaWait;
    private final Map<RedisNode, ConnectionFuture<StatefulRedisPubSubConnection<String, String>>> subscriptions =
            new ConcurrentHashMap<>();
    private final ScheduledFuture<?> resubscribing;
    private final ReplicaConfirmedWrites.Probing probing = new ReplicaConfirmedWrites.Probing();
    private final List<RedisURI> masters;
    /** The moved flag of the connection opened last: the one a {@code +switch-master} concerns. */
    private volatile AtomicBoolean currentMoved = new AtomicBoolean();

    SentinelLettuceClient(RedisSettings settings, RedisTopology.Sentinel topology, ClientResources resources) {
        this.client = LettuceClient.redisClient(settings, resources);
        this.topology = topology;
        this.masters = List.of(settings.toRedisUris().getFirst());
        this.commandTimeout = settings.commandTimeout();
        this.replicaWait = settings.replicaWait();
        subscribe();
        this.resubscribing = resources.eventExecutorGroup().scheduleWithFixedDelay(this::subscribe,
                RESUBSCRIBE_EVERY.toMillis(), RESUBSCRIBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<RedisURI> masters() {
        return masters;
    }

    @Override
    public Connected connect() {
        AtomicBoolean moved = new AtomicBoolean();
        currentMoved = moved;
        StatefulRedisConnection<String, String> commands = client.connect();
        Writes writes;
        Runnable closeWrites;
        if (topology.confirmingReplicas() == 0) {
            writes = (script, keys, args) -> LettuceClient.await(script.run(commands.async(), keys, args));
            closeWrites = () -> { };
        } else {
            StatefulRedisConnection<String, String> writeConnection;
            try {
                writeConnection = client.connect();
            } catch (RuntimeException e) {
                commands.closeAsync();
                throw e;
            }
            ReplicaConfirmedWrites confirmed = new ReplicaConfirmedWrites(writeConnection,
                    topology.confirmingReplicas(), replicaWait, commandTimeout, probing);
            writes = confirmed::run;
            closeWrites = confirmed::close;
        }
        return new Connected(commands.async(), writes, () -> LettuceClient.requirePong(commands.sync().ping()), () -> {
            commands.closeAsync();
            closeWrites.run();
        }, moved);
    }

    /**
     * Subscribes to {@code +switch-master} on every Sentinel not subscribed yet; never blocks. Runs
     * in the constructor, then only on the one scheduled task.
     */
    private void subscribe() {
        for (RedisNode sentinel : topology.sentinels()) {
            if (!subscriptions.containsKey(sentinel)) {
                RedisURI uri = RedisURI.builder().withHost(sentinel.host()).withPort(sentinel.port())
                        .withTimeout(commandTimeout).build();
                ConnectionFuture<StatefulRedisPubSubConnection<String, String>> future =
                        client.connectPubSubAsync(StringCodec.UTF8, uri);
                subscriptions.put(sentinel, future);
                listen(sentinel, future);
            }
        }
    }

    private void listen(RedisNode sentinel, ConnectionFuture<StatefulRedisPubSubConnection<String, String>> future) {
        future.thenCompose(connection -> {
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    onSwitchMaster(message);
                }
            });
            return connection.async().subscribe(SWITCH_MASTER);
        }).whenComplete((subscribed, failure) -> {
            if (failure != null) {
                LOG.log(System.Logger.Level.DEBUG, "cannot subscribe to sentinel {0}: {1}", sentinel,
                        failure.getMessage());
                subscriptions.remove(sentinel, future);
                future.thenAccept(StatefulRedisPubSubConnection::closeAsync);
            }
        });
    }

    /** {@code <master name> <old ip> <old port> <new ip> <new port>}: only our master's concerns us. */
    private void onSwitchMaster(String message) {
        if (message.startsWith(topology.masterName() + " ")) {
            LOG.log(System.Logger.Level.INFO, "sentinel announced a new primary for {0}: reconnecting",
                    topology.masterName());
            currentMoved.set(true);
        }
    }

    @Override
    public void shutdown() {
        resubscribing.cancel(false);
        subscriptions.values().forEach(future -> future.thenAccept(StatefulRedisPubSubConnection::closeAsync));
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
