package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import redis.embedded.RedisSentinel;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisSentinelBuilder;

/**
 * A primary watched by one Sentinel, both real processes of the bundled {@code redis-server}
 * binary ({@code --sentinel} mode) on free ports of 127.0.0.1. The primary restarts on its port
 * (empty), so a client that asks the Sentinel again on reconnect finds it.
 *
 * <p>{@link #startWithReplica()} adds a replica ({@code replicaof} the primary) and a Sentinel
 * that fails over fast: it calls the primary down after {@link #DOWN_AFTER} without an answer
 * and, being the only Sentinel (quorum 1), promotes the replica at once.
 */
public final class RedisSentinelFixture implements AutoCloseable {

    public static final String MASTER_NAME = "gateway";
    /** How long the failover-ready Sentinel waits for a silent primary before failing it over. */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(1);
    /**
     * The failover-ready Sentinel's failover timeout: how long a promotion may take, and half the
     * wait before a failed failover is tried again.
     */
    public static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final RedisServerFixture primary;
    private final Optional<RedisServerFixture> replica;
    private final RedisSentinel sentinel;
    private final int sentinelPort;
    private final RedisClient adminClient = RedisClient.create();

    private RedisSentinelFixture(RedisServerFixture primary, Optional<RedisServerFixture> replica, int sentinelPort) {
        this.primary = primary;
        this.replica = replica;
        this.sentinelPort = sentinelPort;
        RedisSentinelBuilder builder = RedisSentinel.newRedisSentinel()
                .executableProvider(ExecutableProvider.newJarResourceProvider())
                .bind("127.0.0.1")
                .port(sentinelPort)
                .masterName(MASTER_NAME)
                .masterPort(primary.port())
                .quorumSize(1)
                .onShutdownForceStop(true);
        if (replica.isPresent()) {
            builder.downAfterMilliseconds(DOWN_AFTER.toMillis()).failOverTimeout(FAILOVER_TIMEOUT.toMillis());
        }
        this.sentinel = builder.build();
    }

    /** A primary and a Sentinel that never fails it over (there is nothing to promote). */
    public static RedisSentinelFixture start() {
        return start(RedisServerFixture.startOnFreePort(), Optional.empty());
    }

    /**
     * A primary, its replica and a Sentinel that knows both; returns once the replica is in sync
     * and the Sentinel could promote it. Full syncs go over the socket, never through an RDB file.
     */
    public static RedisSentinelFixture startWithReplica() {
        RedisServerFixture primary = RedisServerFixture.startOnFreePort(
                "repl-diskless-sync yes", "repl-diskless-sync-delay 0");
        RedisServerFixture replica;
        try {
            replica = RedisServerFixture.startOnFreePort(
                    "replicaof 127.0.0.1 " + primary.port(), "repl-diskless-load on-empty-db");
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
        RedisSentinelFixture fixture = start(primary, Optional.of(replica));
        try {
            fixture.awaitReplicaInSync();
            fixture.awaitSentinelKnowsReplica();
            return fixture;
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    private static RedisSentinelFixture start(RedisServerFixture primary, Optional<RedisServerFixture> replica) {
        RedisSentinelFixture fixture = new RedisSentinelFixture(primary, replica, RedisServerFixture.freePort());
        try {
            fixture.sentinel.start();
        } catch (IOException e) {
            fixture.close();
            throw new UncheckedIOException(e);
        }
        return fixture;
    }

    /** The Sentinel as {@code REDIS_SENTINEL_NODES} takes it: {@code 127.0.0.1:<port>}. */
    public String sentinelNodes() {
        return "127.0.0.1:" + sentinelPort;
    }

    public RedisServerFixture primary() {
        return primary;
    }

    /** The replica; only a fixture from {@link #startWithReplica()} has one. */
    public RedisServerFixture replica() {
        return replica.orElseThrow(() -> new IllegalStateException("started without a replica"));
    }

    /** The port of the server the Sentinel names as the primary right now. */
    public int portOfPrimaryNamedBySentinel() {
        return withSentinel(sentinel ->
                ((InetSocketAddress) sentinel.sync().getMasterAddrByName(MASTER_NAME)).getPort());
    }

    /** Runs {@code command} on a new connection to the server on {@code port}. */
    public <T> T onServer(int port, Function<StatefulRedisConnection<String, String>, T> command) {
        try (StatefulRedisConnection<String, String> admin = adminClient.connect(RedisURI.create("127.0.0.1", port))) {
            return command.apply(admin);
        }
    }

    private <T> T withSentinel(Function<StatefulRedisSentinelConnection<String, String>, T> command) {
        try (StatefulRedisSentinelConnection<String, String> admin =
                     adminClient.connectSentinel(RedisURI.create("127.0.0.1", sentinelPort))) {
            return command.apply(admin);
        }
    }

    private void awaitReplicaInSync() {
        await("replica in sync with the primary",
                () -> onServer(replica().port(), admin -> admin.sync().info("replication"))
                        .contains("master_link_status:up"));
    }

    /** The Sentinel found the replica through the primary and has its INFO: a failover can pick it. */
    private void awaitSentinelKnowsReplica() {
        await("sentinel knows the replica", () -> {
            List<Map<String, String>> replicas = withSentinel(admin -> admin.sync().replicas(MASTER_NAME));
            return replicas.size() == 1 && "slave".equals(replicas.getFirst().get("flags"))
                    && "ok".equals(replicas.getFirst().get("master-link-status"));
        });
    }

    private static void await(String condition, BooleanSupplier done) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (done.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("not " + condition + " within " + READY_WITHIN, last);
    }

    @Override
    public void close() {
        try {
            sentinel.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            replica.ifPresent(RedisServerFixture::close);
            primary.close();
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
