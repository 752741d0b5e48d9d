package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.OpenStreams;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the open event streams their heartbeat ({@link OpenStreams#heartbeat()}) at a fixed rate, until closed. */
final class SseHeartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SseHeartbeat.class);

    private final ScheduledExecutorService timer;

    private SseHeartbeat(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** @param every at least one second ({@code SSE_HEARTBEAT_SECONDS}) */
    static SseHeartbeat start(OpenStreams streams, Duration every) {
        if (every.toMillis() < 1000) {
            throw new IllegalArgumentException("SSE_HEARTBEAT_SECONDS must be at least 1, not " + every.toSeconds());
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("sse-heartbeat").daemon().factory());
        timer.scheduleAtFixedRate(() -> {
            try {
                streams.heartbeat();
            } catch (RuntimeException e) {
                // a failed tick must not end the schedule (a periodic task that throws is never run again)
                LOG.warn("sse heartbeat failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return new SseHeartbeat(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
