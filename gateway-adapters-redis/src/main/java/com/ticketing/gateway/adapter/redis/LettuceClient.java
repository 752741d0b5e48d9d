package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The lettuce client of one topology, behind what {@link RedisConnection} needs of it; lettuce's
 * standalone and cluster connections share no interface above their commands. Every
 * client fails commands at once while disconnected, never replays them, and reconnects in
 * the background.
 */
interface LettuceClient {

    /** Opens the shared connection; throws a {@link RedisException} if it cannot. */
    Connected connect();

    /** Closes the client's sockets and threads (not the shared resources). */
    void shutdown();

    /**
     * Where the data is written, as of now: the one server, the Sentinel-watched primary (as its
     * Sentinel address, resolved on connect), or every master of the cluster's slot map (empty
     * until a connection is open). Each address carries the client's credentials and TLS.
     */
    List<RedisURI> masters();

    /**
     * An open connection: thread-safe.
     *
     * @param commands    async commands (the caller waits with {@link #await}); on a cluster each is
     *                    routed to the master of its key's slot
     * @param writes      runs the write scripts whose acknowledgement must outlive a failover
     * @param masterPings PINGs every master; throws a {@link RedisException} if one does not answer
     * @param closer      closes the connection
     * @param moved       set once the primary is known to have moved: the holder opens a new connection
     */
    record Connected(RedisClusterAsyncCommands<String, String> commands, Writes writes, Runnable masterPings,
                     Runnable closer, AtomicBoolean moved) {

        /** A connection whose writes are the plain commands' (one server, or a cluster). */
        Connected(RedisClusterAsyncCommands<String, String> commands, Runnable masterPings, Runnable closer) {
            this(commands, (script, keys, args) -> await(script.run(commands, keys, args)), masterPings, closer,
                    new AtomicBoolean());
        }

        void pingEveryMaster() {
            masterPings.run();
        }

        void close() {
            closer.run();
        }
    }

    /**
     * Runs a write script. On one server and on a cluster: as any command (lost if the node loses
     * it). With Sentinel: acknowledged only once replicas confirmed it ({@link ReplicaConfirmedWrites}).
     */
    @FunctionalInterface
    interface Writes {
        Object run(RedisScript script, String[] keys, String[] args);
    }

    /**
     * Waits for a command's answer without a timer of its own: every command ends within the
     * command timeout anyway, failed by lettuce's own timer ({@link TimeoutOptions}, always on, see
     * {@link #applyFailureBehaviour}). A second, timed wait (what lettuce's sync API does) costs a
     * virtual thread a task on the JDK's unparker scheduler per command, scheduled and cancelled
     * under its lock: 2.7 futex calls per request measured on the hot path. A failure is thrown
     * as lettuce's own exception ({@code RedisCommandTimeoutException}, {@code RedisNoScriptException},
     * {@code RedisReadOnlyException}, ...), anything else wrapped in a {@link RedisException}.
     */
    static <T> T await(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().get();
        } catch (ExecutionException e) {
            Throwable cause = cause(e.getCause());
            throw cause instanceof RedisException redis ? redis : new RedisException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }

    /** What failed a stage: {@code failure} without the {@link CompletionException}s around it. */
    static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Throws unless {@code answer} is PING's. */
    static void requirePong(String answer) {
        if (!"PONG".equalsIgnoreCase(answer)) {
            throw new RedisException("PING answered " + answer);
        }
    }

    static LettuceClient create(RedisSettings settings, ClientResources resources) {
        return switch (settings.topology()) {
            case RedisTopology.Standalone standalone -> new StandaloneLettuceClient(settings, resources);
            case RedisTopology.Sentinel sentinel -> new SentinelLettuceClient(settings, sentinel, resources);
            case RedisTopology.Cluster cluster -> new ClusterLettuceClient(settings, cluster, resources);
        };
    }

    /** A client for one server or a Sentinel-watched primary, with the shared failure behaviour. */
    static RedisClient redisClient(RedisSettings settings, ClientResources resources) {
        RedisClient client = RedisClient.create(resources, settings.toRedisUris().getFirst());
        ClientOptions.Builder options = ClientOptions.builder();
        applyFailureBehaviour(options, settings);
        client.setOptions(options.build());
        return client;
    }

    /** The failure behaviour every topology shares (see {@link RedisConnection}). */
    static void applyFailureBehaviour(ClientOptions.Builder options, RedisSettings settings) {
        options.autoReconnect(true);
        options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        // A replayed rotation would find its own token and revoke a good session.
        options.replayFilter(command -> true);
        options.timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()));
        options.socketOptions(SocketOptions.builder().connectTimeout(settings.connectTimeout()).keepAlive(true).build());
    }
}
