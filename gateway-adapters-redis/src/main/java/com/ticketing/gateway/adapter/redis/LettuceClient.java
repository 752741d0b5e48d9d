package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;

/**
 * The lettuce client of one topology, behind what {@link RedisConnection} needs of it; lettuce's
 * standalone and cluster connections share no interface above their sync commands. Every
 * client fails commands at once while disconnected, never replays them, and reconnects in
 * the background.
 */
interface LettuceClient {

    /** Opens the shared connection; throws a {@link RedisException} if it cannot. */
    Connected connect();

    /** Closes the client's sockets and threads (not the shared resources). */
    void shutdown();

    /**
     * An open connection: thread-safe.
     *
     * @param commands    sync commands; on a cluster each is routed to the master of its key's slot
     * @param masterPings PINGs every master; throws a {@link RedisException} if one does not answer
     * @param closer      closes the connection
     */
    record Connected(RedisClusterCommands<String, String> commands, Runnable masterPings, Runnable closer) {

        void pingEveryMaster() {
            masterPings.run();
        }

        void close() {
            closer.run();
        }
    }

    /** Throws unless {@code answer} is PING's. */
    static void requirePong(String answer) {
        if (!"PONG".equalsIgnoreCase(answer)) {
            throw new RedisException("PING answered " + answer);
        }
    }

    static LettuceClient create(RedisSettings settings, ClientResources resources) {
        return settings.topology() instanceof RedisTopology.Cluster cluster
                ? new ClusterLettuceClient(settings, cluster, resources)
                : new StandaloneLettuceClient(settings, resources);
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
