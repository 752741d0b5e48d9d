package com.ticketing.gateway.adapter.redis;

import com.ticketing.gateway.adapter.redis.RedisCommandObserver.Outcome;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisReadOnlyException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.flush.FlushConsolidationHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The gateway's one connection to Redis, shared by every adapter and thread (lettuce connections
 * are thread-safe; the calling, typically virtual, thread sends a command and waits for its answer).
 * The {@link RedisTopology} decides the client: one server and a Sentinel-watched primary use
 * lettuce's standalone client, a cluster its cluster client (one connection per master, commands
 * routed by slot); the stores see the same commands either way.
 *
 * <p>Failure behaviour: every command fails within the command timeout. While the connection is
 * down, commands fail at once (they are not queued) and lettuce reconnects in the background,
 * at most {@link #MAX_RECONNECT_DELAY} apart; commands in flight when it broke are not replayed
 * (a replayed rotation would find its own token and revoke a good session). If Redis cannot be
 * reached at startup, the gateway still starts; a connection is attempted again on use, at most
 * once per {@link #MAX_RECONNECT_DELAY}. On a cluster this holds per master: while one is
 * down, commands for its slots fail and the others' keep working (if the cluster serves
 * partial coverage). The password is never logged.
 */
public final class RedisConnection implements AutoCloseable {

    /** The longest wait between two attempts to reach Redis again. */
    public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(RedisConnection.class.getName());

    /** Where Redis is, without credentials: parsed once, named in every failure. */
    private final String endpoint;
    private final RedisSettings settings;
    private final ClientResources resources;
    private final LettuceClient client;
    private final RedisCommandObserver observer;
    private final ReentrantLock connectLock = new ReentrantLock();
    private volatile LettuceClient.Connected connection;
    private long nextConnectAttempt;
    private boolean closed;

    public RedisConnection(RedisSettings settings) {
        this(settings, RedisCommandObserver.NONE);
    }

    /** A connection that tells {@code observer} of every command's latency and outcome. */
    public RedisConnection(RedisSettings settings, RedisCommandObserver observer) {
        this(settings, observer, Optional.empty());
    }

    /**
     * A connection whose sockets are served by {@code sharedLoops} when lettuce's transport can
     * run on them (see {@link SharedEventLoops}), else by two event loops of lettuce's own. The
     * shared loops must outlive this connection: {@link #close()} leaves them running.
     */
    public RedisConnection(RedisSettings settings, RedisCommandObserver observer,
                           Optional<EventLoopGroup> sharedLoops) {
        this.endpoint = settings.endpoint();
        this.settings = settings;
        this.observer = observer;
        // No lettuce command-latency collector: every command would be recorded twice (the
        // observer times it already), and its histograms are read by nothing.
        DefaultClientResources.Builder resources = DefaultClientResources.builder()
                .computationThreadPoolSize(2)
                .commandLatencyRecorder(CommandLatencyRecorder.disabled())
                .nettyCustomizer(new NettyCustomizer() {
                    @Override
                    public void afterChannelInitialized(Channel channel) {
                        channel.pipeline().addFirst(new FlushConsolidationHandler(256, true));
                    }
                })
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS));
        Optional<EventLoopGroupProvider> shared = sharedLoops.flatMap(SharedEventLoops::of);
        if (shared.isPresent()) {
            resources.eventLoopGroupProvider(shared.get());
        } else {
            resources.ioThreadPoolSize(2);
        }
        if (sharedLoops.isPresent()) {
            LOG.log(System.Logger.Level.INFO, shared.isPresent() ? "redis connections share the given event loops"
                    : "redis connections on event loops of their own: lettuce's transport cannot run on the given ones");
        }
        this.resources = resources.build();
        this.client = LettuceClient.create(settings, this.resources);
        this.nextConnectAttempt = System.nanoTime();
        try {
            connection();
        } catch (RedisException e) {
            // Logged in connection(); the gateway starts and answers "store unavailable" meanwhile.
        }
    }

    /**
     * True when Redis answers PING within the command timeout (on a cluster: every master does);
     * false on any failure. Never throws.
     */
    public boolean ping() {
        try {
            connection().pingEveryMaster();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Runs {@code command} on the shared connection. Every lettuce failure (timeout, connection
     * lost or refused, Redis error) becomes a {@link StoreUnavailableException} naming
     * {@code operation} and keeping the cause. The observer hears of either outcome.
     */
    <T> T execute(String operation,
                  Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
        return observed(operation, connected -> LettuceClient.await(command.apply(connected.commands())));
    }

    /**
     * Runs the write {@code script} on {@code key} so that, if it returns, the write outlives a
     * failover of the topology's kind (with Sentinel: replicas confirmed it, see
     * {@link ReplicaConfirmedWrites}). Fails like {@link #execute}; a write whose confirmation is
     * missing is observed as {@link Outcome#NOT_REPLICATED}, one a demoted primary refused as
     * {@link Outcome#NOT_PRIMARY}. After a failure the write may or may not have happened.
     */
    @SuppressWarnings("unchecked")
    <T> T write(String operation, RedisScript script, String key, String... args) {
        return observed(operation, connected -> (T) connected.writes().run(script, new String[] {key}, args));
    }

    /**
     * {@link #execute}, not waiting: the stage completes on lettuce's I/O thread with the answer,
     * or with the {@link StoreUnavailableException} that {@link #execute} would throw. Connecting
     * (when no connection is open) happens on the calling thread.
     */
    <T> CompletionStage<T> start(String operation,
                                 Function<RedisClusterAsyncCommands<String, String>, ? extends CompletionStage<T>> command) {
        long start = System.nanoTime();
        LettuceClient.Connected connected = null;
        CompletionStage<T> answer;
        try {
            connected = connection();
            answer = command.apply(connected.commands());
        } catch (RedisException | CancellationException e) {
            return CompletableFuture.failedFuture(failed(operation, start, connected, e));
        }
        LettuceClient.Connected used = connected;
        return answer.handle((value, failure) -> {
            if (failure == null) {
                observer.completed(operation, System.nanoTime() - start, Outcome.SUCCESS);
                return value;
            }
            // As LettuceClient.await: a failure other than lettuce's (e.g. the socket's I/O error) is wrapped in one.
            Throwable cause = LettuceClient.cause(failure);
            throw failed(operation, start, used, cause instanceof RedisException || cause instanceof CancellationException
                    ? (RuntimeException) cause : new RedisException(cause));
        });
    }

    /** The client's shared resources (event loops, event bus): alive until {@link #close()}. */
    ClientResources resources() {
        return resources;
    }

    RedisSettings settings() {
        return settings;
    }

    /** Where the data is written now ({@link LettuceClient#masters()}). */
    List<RedisURI> masters() {
        return client.masters();
    }

    private <T> T observed(String operation, Function<LettuceClient.Connected, T> command) {
        long start = System.nanoTime();
        LettuceClient.Connected connected = null;
        try {
            connected = connection();
            T result = command.apply(connected);
            observer.completed(operation, System.nanoTime() - start, Outcome.SUCCESS);
            return result;
        } catch (RedisException | CancellationException e) {
            throw failed(operation, start, connected, e);
        }
    }

    /** Observes a failed command and says so for the domain (a lettuce failure or a cancellation). */
    private StoreUnavailableException failed(String operation, long start, LettuceClient.Connected connected,
                                             RuntimeException e) {
        Outcome outcome = switch (e) {
            case ReplicaConfirmedWrites.ReplicationNotConfirmedException notConfirmed -> Outcome.NOT_REPLICATED;
            case RedisReadOnlyException readOnly -> Outcome.NOT_PRIMARY;
            default -> Outcome.ERROR;
        };
        if (outcome == Outcome.NOT_PRIMARY && connected != null) {
            // A demoted primary: look for the new one rather than wait for it to drop us.
            connected.moved().set(true);
        }
        observer.completed(operation, System.nanoTime() - start, outcome);
        return new StoreUnavailableException("redis " + operation + " failed at " + endpoint, e);
    }

    private LettuceClient.Connected connection() {
        LettuceClient.Connected current = connection;
        if (current != null && !current.moved().get()) {
            return current;
        }
        connectLock.lock();
        try {
            if (closed) {
                throw new RedisException("connection to " + endpoint + " is closed");
            }
            if (connection != null && connection.moved().get()) {
                // Commands still running on it fail; none is acknowledged from the old primary.
                LOG.log(System.Logger.Level.INFO, "the primary behind {0} moved: reconnecting", endpoint);
                connection.close();
                connection = null;
                nextConnectAttempt = System.nanoTime();
            }
            if (connection != null) {
                return connection;
            }
            long now = System.nanoTime();
            if (now - nextConnectAttempt < 0) {
                throw new RedisConnectionException("not connected to " + endpoint + "; retrying shortly");
            }
            nextConnectAttempt = now + MAX_RECONNECT_DELAY.toNanos();
            try {
                connection = client.connect();
            } catch (RedisException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot connect to redis at {0}: {1}", endpoint,
                        e.getMessage());
                throw e;
            }
            LOG.log(System.Logger.Level.INFO, "connected to redis at {0}", endpoint);
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
        client.shutdown();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "RedisConnection[" + endpoint + "]";
    }
}
