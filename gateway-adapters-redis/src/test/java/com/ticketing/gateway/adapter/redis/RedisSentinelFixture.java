package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import redis.embedded.RedisSentinel;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisSentinelBuilder;

/**
 * A primary, its replica ({@code replicaof} the primary; it confirms the gateway's session
 * writes) and one Sentinel, all real processes of the bundled {@code redis-server} binary
 * ({@code --sentinel} mode) on free ports of 127.0.0.1. The primary restarts on its port (empty),
 * so a client that asks the Sentinel again on reconnect finds it.
 *
 * <p>{@link #start()}'s Sentinel never fails over on its own within a test (60 s);
 * {@link #startWithReplica()}'s fails over fast: it calls the primary down after
 * {@link #DOWN_AFTER} without an answer and, being the only Sentinel (quorum 1), promotes the
 * replica at once. Either can be handed over with {@link #failover()}.
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
    private final RedisServerFixture replica;
    private final RedisSentinel sentinel;
    private final int sentinelPort;
    private final RedisClient adminClient = RedisClient.create();

    private RedisSentinelFixture(RedisServerFixture primary, RedisServerFixture replica, boolean failsOverFast,
                                 int sentinelPort) {
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
        if (failsOverFast) {
            builder.downAfterMilliseconds(DOWN_AFTER.toMillis()).failOverTimeout(FAILOVER_TIMEOUT.toMillis());
        }
        this.sentinel = builder.build();
    }

    /** A primary, its replica and a Sentinel that does not fail over on its own within a test. */
    public static RedisSentinelFixture start() {
        return start(false);
    }

    /**
     * A primary, its replica and a Sentinel that fails over fast; returns once the replica is in
     * sync and the Sentinel could promote it. Full syncs go over the socket, never through an RDB file.
     */
    public static RedisSentinelFixture startWithReplica() {
        return start(true);
    }

    private static RedisSentinelFixture start(boolean failsOverFast) {
        // The primary may become a replica after a failover: it loads the new primary's data in memory too.
        RedisServerFixture primary = RedisServerFixture.startOnFreePort(
                "repl-diskless-sync yes", "repl-diskless-sync-delay 0", "repl-diskless-load swapdb");
        RedisServerFixture replica;
        try {
            replica = RedisServerFixture.startOnFreePort(
                    "replicaof 127.0.0.1 " + primary.port(), "repl-diskless-load on-empty-db",
                    "repl-diskless-sync yes", "repl-diskless-sync-delay 0");
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
        RedisSentinelFixture fixture = new RedisSentinelFixture(primary, replica, failsOverFast,
                RedisServerFixture.freePort());
        try {
            fixture.sentinel.start();
            fixture.awaitReplicaInSync();
            fixture.awaitSentinelKnowsReplica();
            return fixture;
        } catch (IOException e) {
            fixture.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            fixture.close();
            throw e;
        }
    }

    /** The Sentinel as {@code REDIS_SENTINEL_NODES} takes it: {@code 127.0.0.1:<port>}. */
    public String sentinelNodes() {
        return "127.0.0.1:" + sentinelPort;
    }

    public RedisServerFixture primary() {
        return primary;
    }

    public RedisServerFixture replica() {
        return replica;
    }

    /** {@code SENTINEL FAILOVER}: a planned handover to the replica, while the primary keeps running. */
    public void failover() {
        withSentinel(sentinel -> sentinel.sync().failover(MASTER_NAME));
    }

    /** What the server on {@code port} says it is: {@code master} or {@code slave}. */
    public String roleOf(int port) {
        return onServer(port, admin -> (String) admin.sync().role().getFirst());
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

    /**
     * Waits until the replica confirms the primary's writes (WAIT answers 1). After a diskless
     * sync the primary counts the replica only from its first acknowledgement, up to a second
     * after the replica itself reports the link up.
     */
    public void awaitReplicaInSync() {
        await("replica in sync with the primary", () -> onServer(primary.port(), admin -> {
            admin.sync().set("fixture:replication-probe", "1");
            return admin.sync().waitForReplication(1, 100) == 1L;
        }));
    }

    /** The Sentinel found the replica through the primary and has its INFO: a failover can pick it. */
    private void awaitSentinelKnowsReplica() {
        await("sentinel knows the replica", () -> {
            List<Map<String, String>> replicas = withSentinel(admin -> admin.sync().replicas(MASTER_NAME));
            return replicas.size() == 1 && "slave".equals(replicas.getFirst().get("flags"))
                    && "ok".equals(replicas.getFirst().get("master-link-status"));
        });
    }

    /**
     * Polls {@code done} every 50 ms; fails the test unless it holds within {@code within}. A poll
     * that cannot connect, or whose connection is closed or reset before the answer, counts as "not
     * yet": a server that changes its role closes every client connection, a probe's new one included.
     */
    public static void awaitUntil(String condition, Duration within, BooleanSupplier done) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!holds(done)) {
            assertThat(System.nanoTime()).as("%s within %s", condition, within).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean holds(BooleanSupplier done) {
        try {
            return done.getAsBoolean();
        } catch (RedisConnectionException dropped) {
            return false;
        } catch (RedisException e) {
            if (droppedWhileAsking(e)) {
                return false;
            }
            throw e;
        }
    }

    /** The probe connected, then the server closed or reset the connection before it answered. */
    private static boolean droppedWhileAsking(RedisException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || String.valueOf(t.getMessage()).contains("Connection closed")) {
                return true;
            }
        }
        return false;
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
            replica.close();
            primary.close();
            adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }
}
