package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The gateway's one connection to Redis, shared by every adapter and thread (lettuce connections
 * are thread-safe; commands run with the sync API on the calling, typically virtual, thread).
 *
 * <p>Failure behaviour: every command fails within the command timeout. While the connection is
 * down, commands fail at once (they are not queued) and lettuce reconnects in the background,
 * at most {@link #MAX_RECONNECT_DELAY} apart; commands in flight when it broke are not replayed
 * (a replayed rotation would find its own token and revoke a good session). If Redis cannot be
 * reached at startup, the gateway still starts; a connection is attempted again on use, at most
 * once per {@link #MAX_RECONNECT_DELAY}. The password is never logged.
 */
public final class RedisConnection implements AutoCloseable {

    /** The longest wait between two attempts to reach Redis again. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());

    private final RedisSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final ReentrantLock connectLock = new ReentrantLock();
    private volatile StatefulRedisConnection<String, String> connection;
    private long nextConnectAttempt;
    private boolean closed;

    public RedisConnection(RedisSettings settings) {
        this.settings = settings;
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, settings.toRedisUri());
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .replayFilter(command -> true)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build())
                .build());
        this.nextConnectAttempt = System.nanoTime();
        try {
            connection();
        } catch (RedisException e) {
            // Logged in connection(); the gateway starts and answers "store unavailable" meanwhile.
        }
    }

    /** True when Redis answers PING within the command timeout; false on any failure. Never throws. */
    public boolean ping() {
        try {
            return "PONG".equalsIgnoreCase(connection().sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code command} on the shared connection. Every lettuce failure (timeout, connection
     * lost or refused, Redis error) becomes a {@link StoreUnavailableException} naming
     * {@code operation} and keeping the cause.
     */
    <T> T execute(String operation, Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(connection().sync());
        } catch (RedisException | CancellationException e) {
            throw new StoreUnavailableException("redis " + operation + " failed at " + settings.endpoint(), e);
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        connectLock.lock();
        try {
            if (closed) {
                throw new RedisException("connection to " + settings.endpoint() + " is closed");
            }
            if (connection != null) {
                return connection;
            }
            long now = System.nanoTime();
            if (now - nextConnectAttempt < 0) {
                throw new RedisConnectionException("not connected to " + settings.endpoint() + "; retrying shortly");
            }
            nextConnectAttempt = now + MAX_RECONNECT_DELAY.toNanos();
            try {
                connection = client.connect();
            } catch (RedisException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot connect to redis at {0}: {1}", settings.endpoint(),
                        e.getMessage());
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "connected to redis at {0}", settings.endpoint());
            return connection;
        } finally {
            connectLock.unlock();
        }
    }

    @Override
    public void close() {
        connectLock.lock();
        try {
            closed = true;
            if (connection != null) {
                connection.close();
                connection = null;
            }
        } finally {
            connectLock.unlock();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisConnection[" + settings.endpoint() + "]";
    }
}
