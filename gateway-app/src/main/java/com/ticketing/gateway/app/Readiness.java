package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.OpenStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether the instance should get traffic: from the end of start-up until shutdown begins
 * (SIGTERM), when it reports not-ready at once while in-flight requests drain. Open event streams
 * are ended then too (each with a {@code shutdown} event telling its client to reconnect), so
 * they never hold the drain: {@link ContextClosedEvent} comes before any lifecycle bean stops,
 * the web server's graceful shutdown among them.
 */
@Component
class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private final OpenStreams streams;
    private volatile boolean ready;

    Readiness(OpenStreams streams) {
        this.streams = streams;
    }

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        ready = true;
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        boolean wasReady = ready;
        ready = false;
        int ended = streams.closeAll();
        if (wasReady) {
            LOG.info("shutdown begun: reporting not ready, ending {} open event stream(s), draining in-flight requests",
                    ended);
        }
    }

    boolean ready() {
        return ready;
    }
}
