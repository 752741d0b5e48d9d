package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.TrackingInfo;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * The sessions this instance found active in Redis, remembered while Redis's server-assisted
 * client-side caching says they have not changed, so that an authenticated request need not
 * read its session again.
 *
 * <p>Every master holding sessions has a connection of ours with {@code CLIENT TRACKING ON BCAST
 * PREFIX <session prefix>} (RESP3): Redis pushes the name of every session key written (login,
 * rotation, revocation, expiry, deletion) by any client, and the entry goes at once. A logout on
 * any instance thus reaches every instance as soon as that push does, within the same event-loop
 * turn of redis-server that answers the logout.
 *
 * <p>Nothing is trusted that tracking might have missed:
 * <ul>
 *   <li>an entry is kept only if no push for its key, and no loss of tracking, came between the
 *       read being sent and its answer (a per-key counter and an epoch, checked after the put);</li>
 *   <li>a lost, refused or silent tracking connection (no answer to the heartbeat every
 *       {@link #HEARTBEAT}, or a master no longer a master), a change of the masters, or a flush
 *       push forgets everything, and nothing is remembered until tracking is back on every master;</li>
 *   <li>an entry is trusted for {@link #MAX_AGE} at most, and only while the last heartbeat of
 *       every master answered within {@link #TRUSTED_FOR}.</li>
 * </ul>
 * Only active sessions are remembered: a revoked or unknown one is read from Redis each time.
 * Thread-safe; the pushes are handled on lettuce's event loop, the heartbeat on a thread of its own.
 */
public final class TrackedSessions implements AutoCloseable {

    /** How often every tracking connection is checked, and reopened when lost. */
    static final Duration HEARTBEAT = Duration.ofMillis(200);

    /** How recent the last answered heartbeat must be for an entry to be trusted. */
    static final Duration TRUSTED_FOR = Duration.ofSeconds(1);

    /** The longest an entry is trusted, whatever tracking says. */
    static final Duration MAX_AGE = Duration.ofSeconds(30);

    private static final long TRUSTED_FOR_NANOS = TRUSTED_FOR.toNanos();
    private static final long MAX_AGE_NANOS = MAX_AGE.toNanos();
    private static final System.Logger LOG = System.getLogger(TrackedSessions.class.getName());
    private static final int STRIPES = 1024;
    /** More entries than this, and the heartbeat forgets them all (a bound on memory, not a policy). */
    private static final int MAX_ENTRIES = 200_000;

    private final String prefix;
    private final Supplier<List<RedisURI>> masters;
    private final Duration commandTimeout;
    private final RedisClient client;
    /** Key of a session read active -> the epoch it was read in and when (nanoTime); a plain map, swept by the heartbeat. */
    private final ConcurrentHashMap<String, Entry> entries;
    private final AtomicLongArray writes = new AtomicLongArray(STRIPES);
    private final ScheduledExecutorService heartbeat;
    /** Bumped whenever tracking may have missed a write: an entry of an older epoch is not trusted. */
    private volatile long epoch;
    /** When every master's tracking last answered (nanoTime), or 0 while one is not tracking. */
    private volatile long trackedAt;
    /** The tracking connections, by master; touched by the heartbeat thread only. */
    private final Map<RedisURI, StatefulRedisConnection<String, String>> feeds = new HashMap<>();

    private TrackedSessions() {
        this.prefix = null;
        this.masters = List::of;
        this.commandTimeout = Duration.ZERO;
        this.client = null;
        this.entries = null;
        this.heartbeat = null;
    }

    /**
     * @param redis  the connection whose masters hold the sessions
     * @param prefix the session keys' prefix ({@link RedisSessionStore})
     */
    public TrackedSessions(RedisConnection redis, String prefix) {
        this(redis.resources(), redis.settings(), redis::masters, prefix);
    }

    TrackedSessions(ClientResources resources, RedisSettings settings, Supplier<List<RedisURI>> masters,
                    String prefix) {
        this.prefix = prefix;
        this.masters = masters;
        this.commandTimeout = settings.commandTimeout();
        this.client = RedisClient.create(resources);
        ClientOptions.Builder options = ClientOptions.builder();
        LettuceClient.applyFailureBehaviour(options, settings);
        // A lost connection forgets everything and is reopened by the heartbeat, tracking on.
        options.autoReconnect(false);
        options.protocolVersion(ProtocolVersion.RESP3);
        client.setOptions(options.build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                lost();
            }
        });
        this.entries = new ConcurrentHashMap<>();
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "redis-session-tracking");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::beat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private record Entry(long epoch, long readAt) {
    }

    /** Remembers nothing: every session is read from Redis. */
    public static TrackedSessions none() {
        return new TrackedSessions();
    }

    /** True when {@code key}'s session was read active and tracking has said nothing of it since. */
    boolean isActive(String key) {
        if (entries == null) {
            return false;
        }
        Entry entry = entries.get(key);
        if (entry == null || entry.epoch() != epoch) {
            return false;
        }
        long tracked = trackedAt;
        long now = System.nanoTime();
        return tracked != 0 && now - tracked < TRUSTED_FOR_NANOS && now - entry.readAt() < MAX_AGE_NANOS;
    }

    /** True while every master tracks the sessions for this instance (never for {@link #none()}). */
    public boolean tracking() {
        return trackedAt != 0;
    }

    /** Taken before a session is read: {@link #active} keeps what the read found only if nothing happened since. */
    long ticket(String key) {
        return entries == null ? 0 : writes.get(stripe(key));
    }

    /** The epoch a read started in; with {@link #ticket}, what {@link #active} checks. */
    long epoch() {
        return epoch;
    }

    /** The read that started at {@code ticket} in {@code readEpoch} found {@code key}'s session active. */
    void active(String key, long ticket, long readEpoch) {
        if (entries == null || trackedAt == 0 || readEpoch != epoch || writes.get(stripe(key)) != ticket) {
            return;
        }
        Entry entry = new Entry(readEpoch, System.nanoTime());
        entries.put(key, entry);
        // A push or a loss between the check and the put: take it back (they bump before they remove).
        if (readEpoch != epoch || writes.get(stripe(key)) != ticket) {
            entries.remove(key, entry);
        }
    }

    /** {@code key}'s session was written (here, or by anyone: a push said so). */
    void forget(String key) {
        if (entries == null) {
            return;
        }
        writes.incrementAndGet(stripe(key));
        entries.remove(key);
    }

    /** Tracking may have missed writes: nothing remembered is trusted, nothing read until now is kept. */
    private void lost() {
        trackedAt = 0;
        flush();
    }

    private void flush() {
        epoch++;
        entries.clear();
    }

    /** Drops what is no longer trusted anyway (an older epoch, past its age); everything past the bound. */
    private void sweep() {
        if (entries.size() > MAX_ENTRIES) {
            flush();
            return;
        }
        long current = epoch;
        long now = System.nanoTime();
        entries.values().removeIf(entry -> entry.epoch() != current || now - entry.readAt() >= MAX_AGE_NANOS);
    }

    private static int stripe(String key) {
        return key.hashCode() & (STRIPES - 1);
    }

    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(buffer -> StringCodec.UTF8.decodeKey((ByteBuffer) buffer));
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (keys instanceof List<?> names) {
            for (Object name : names) {
                forget(String.valueOf(name));
            }
        } else {
            // A null list: the server flushed its keys (FLUSHALL, FLUSHDB).
            flush();
        }
    }

    /** Checks every master's tracking connection, opens what is missing; runs on the heartbeat thread only. */
    private void beat() {
        try {
            boolean tracking = reconcile();
            if (!tracking) {
                lost();
            } else if (trackedAt == 0) {
                // Tracking is back: what was read while it was off may be stale.
                flush();
                trackedAt = System.nanoTime();
            } else {
                trackedAt = System.nanoTime();
            }
            sweep();
        } catch (RuntimeException e) {
            lost();
        }
    }

    private boolean reconcile() {
        List<RedisURI> wanted = masters.get();
        if (wanted.isEmpty()) {
            closeAll();
            return false;
        }
        Set<RedisURI> keep = new HashSet<>(wanted);
        boolean changed = false;
        for (var it = feeds.entrySet().iterator(); it.hasNext(); ) {
            var feed = it.next();
            if (!keep.contains(feed.getKey()) || !feed.getValue().isOpen()) {
                feed.getValue().closeAsync();
                it.remove();
                changed = true;
            }
        }
        boolean tracking = !changed;
        // Every master asked at once, then every answer awaited: one slow master does not delay the others' check.
        Map<RedisURI, Probe> probes = new HashMap<>();
        for (RedisURI master : wanted) {
            StatefulRedisConnection<String, String> feed = feeds.get(master);
            if (feed == null) {
                tracking = false;
                open(master);
            } else {
                var commands = feed.async();
                probes.put(master, new Probe(commands.role(), commands.clientTrackinginfo()));
            }
        }
        long deadline = System.nanoTime() + commandTimeout.toNanos();
        for (var probe : probes.entrySet()) {
            if (!probe.getValue().answered(deadline)) {
                tracking = false;
                feeds.remove(probe.getKey()).closeAsync();
            }
        }
        return tracking;
    }

    /** One heartbeat of one master: its role, and whether it tracks our prefix for us. */
    private record Probe(Future<List<Object>> role,
                         Future<TrackingInfo> tracking) {

        /** True when the master answered by {@code deadline} (nanoTime), is a master, and tracks (BCAST). */
        boolean answered(long deadline) {
            try {
                List<Object> roleAnswer = role.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                TrackingInfo info = tracking.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                return !roleAnswer.isEmpty() && "master".equals(String.valueOf(roleAnswer.getFirst()))
                        && info.getFlags().contains(TrackingInfo.TrackingFlag.ON)
                        && info.getFlags().contains(TrackingInfo.TrackingFlag.BCAST);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return false;
            }
        }
    }

    /** Opens a master's tracking connection; the next beat checks it. */
    private void open(RedisURI master) {
        StatefulRedisConnection<String, String> feed = null;
        try {
            feed = client.connect(StringCodec.UTF8, master);
            feed.addListener(this::onPush);
            String ok = feed.sync().clientTracking(TrackingArgs.Builder.enabled().bcast().prefixes(prefix));
            if (!"OK".equalsIgnoreCase(ok)) {
                throw new IllegalStateException("CLIENT TRACKING answered " + ok);
            }
            feeds.put(master, feed);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "session tracking on {0}:{1} not open: {2}", master.getHost(),
                    master.getPort(), e.getMessage());
            if (feed != null) {
                feed.closeAsync();
            }
        }
    }

    private void closeAll() {
        feeds.values().forEach(StatefulRedisConnection::closeAsync);
        feeds.clear();
    }

    @Override
    public void close() {
        if (heartbeat == null) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lost();
        try {
            closeAll();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            // The shared resources may be shut down already (the Redis connection closed first).
            LOG.log(System.Logger.Level.DEBUG, "session tracking closed: {0}", e.getMessage());
        }
    }
}
