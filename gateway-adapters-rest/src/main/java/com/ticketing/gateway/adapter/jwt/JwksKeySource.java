package com.ticketing.gateway.adapter.jwt;

import java.io.IOException;
import java.security.Key;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * RS256/ES256 verification keys read from a JWKS endpoint and held in memory.
 * <ul>
 *   <li>Read once when started (bounded by the fetch timeout), then every refresh interval by one
 *       background daemon thread.</li>
 *   <li>A {@code kid} that is not held triggers one read, shared by every request asking meanwhile,
 *       and at most one such read per minimum refetch interval; between those, an unknown kid is
 *       answered at once from what is held.</li>
 *   <li>When a read fails, the keys held stay in use, however old; a kid that is not held is then
 *       {@link Lookup.SourceUnavailable}, not {@link Lookup.Unknown}.</li>
 *   <li>A successful read replaces the keys held: the source is authoritative, so a kid it no longer
 *       publishes is no longer trusted, and {@link #revocations()} moves on.</li>
 * </ul>
 * Thread-safe. Only one read runs at a time; a request waits for a read only when it needs an
 * unknown kid, and then for at most the fetch timeout.
 */
final class JwksKeySource implements VerificationKeys {

    private static final System.Logger LOG = System.getLogger(JwksKeySource.class.getName());
    private static final Lookup UNKNOWN = new Lookup.Unknown();
    private static final Lookup SOURCE_UNAVAILABLE = new Lookup.SourceUnavailable();

    /** One read of the key set: the usable keys by kid. */
    @FunctionalInterface
    interface KeySetFetcher {
        Map<String, Key> fetch() throws IOException;
    }

    private record Held(Map<String, Key> keys, long revocations, boolean sourceAnswered) {
    }

    private final KeySetFetcher fetcher;
    private final long minRefetchNanos;
    private final LongSupplier nanoTime;
    private final JwtVerificationListener listener;
    private final AutoCloseable resources;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("jwks-refresh").daemon().factory());
    private final Object guard = new Object();
    private volatile Held held = new Held(Map.of(), 0, false);
    private CompletableFuture<Void> inFlight; // guarded by guard
    private boolean refetched; // guarded by guard
    private long lastRefetchNanos; // guarded by guard

    JwksKeySource(KeySetFetcher fetcher, Duration minRefetchInterval, LongSupplier nanoTime,
                  JwtVerificationListener listener, AutoCloseable resources) {
        this.fetcher = fetcher;
        this.minRefetchNanos = minRefetchInterval.toNanos();
        this.nanoTime = nanoTime;
        this.listener = listener;
        this.resources = resources;
    }

    /** Reads the key set from {@code settings.url()} now, then in the background. */
    static JwksKeySource start(JwksSettings settings, JwtAlgorithm algorithm, JwtVerificationListener listener) {
        return start(settings, algorithm, listener, System::nanoTime);
    }

    static JwksKeySource start(JwksSettings settings, JwtAlgorithm algorithm, JwtVerificationListener listener,
                               LongSupplier nanoTime) {
        JwksClient client = new JwksClient(settings, algorithm);
        JwksKeySource source = new JwksKeySource(client::fetch, settings.minRefetchInterval(), nanoTime, listener,
                client);
        source.refresh();
        long interval = settings.refreshInterval().toMillis();
        source.scheduler.scheduleWithFixedDelay(source::refreshInBackground, interval, interval,
                TimeUnit.MILLISECONDS);
        return source;
    }

    @Override
    public Lookup find(String keyId) {
        if (keyId == null) {
            return UNKNOWN;
        }
        Key key = held.keys().get(keyId);
        if (key != null) {
            return new Lookup.Found(key);
        }
        awaitRefetch();
        Held now = held;
        key = now.keys().get(keyId);
        if (key != null) {
            return new Lookup.Found(key);
        }
        return now.sourceAnswered() ? UNKNOWN : SOURCE_UNAVAILABLE;
    }

    @Override
    public long revocations() {
        return held.revocations();
    }

    /** Reads the key set now unless a read is already running (the scheduled refresh). */
    void refresh() {
        CompletableFuture<Void> read;
        synchronized (guard) {
            if (inFlight != null) {
                return;
            }
            read = inFlight = new CompletableFuture<>();
        }
        runRead(read);
    }

    /** Joins the running read, or starts one unless the last refetch was less than the minimum interval ago. */
    private void awaitRefetch() {
        CompletableFuture<Void> read;
        boolean mine;
        synchronized (guard) {
            if (inFlight != null) {
                read = inFlight;
                mine = false;
            } else {
                long now = nanoTime.getAsLong();
                if (refetched && now - lastRefetchNanos < minRefetchNanos) {
                    return;
                }
                refetched = true;
                lastRefetchNanos = now;
                read = inFlight = new CompletableFuture<>();
                mine = true;
            }
        }
        if (mine) {
            runRead(read);
        } else {
            read.join();
        }
    }

    private void runRead(CompletableFuture<Void> read) {
        try {
            readKeys();
        } finally {
            synchronized (guard) {
                inFlight = null;
            }
            read.complete(null);
        }
    }

    private void readKeys() {
        Held before = held;
        Map<String, Key> keys;
        try {
            keys = Map.copyOf(fetcher.fetch());
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                return; // the reading request was cancelled: says nothing about the source
            }
            held = new Held(before.keys(), before.revocations(), false);
            LOG.log(System.Logger.Level.WARNING, "cannot read the JWKS, {0} cached keys stay in use: {1}",
                    before.keys().size(), e.getMessage());
            listener.keySetFetchFailed();
            return;
        }
        boolean revoked = before.keys().entrySet().stream()
                .anyMatch(trusted -> !trusted.getValue().equals(keys.get(trusted.getKey())));
        held = new Held(keys, before.revocations() + (revoked ? 1 : 0), true);
        if (keys.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "the JWKS publishes no usable key: every access token is refused");
        } else if (revoked || !keys.keySet().equals(before.keys().keySet())) {
            LOG.log(System.Logger.Level.INFO, "JWKS keys now {0}", keys.keySet());
        }
        listener.keySetFetched(keys.size());
    }

    private void refreshInBackground() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "JWKS background refresh failed", e);
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            resources.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing the JWKS client failed", e);
        }
    }
}
