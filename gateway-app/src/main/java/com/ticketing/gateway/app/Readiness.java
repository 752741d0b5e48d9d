package com.ticketing.gateway.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Whether the instance should get traffic: from the end of start-up until shutdown begins
 * (SIGTERM), when it reports not-ready at once while in-flight requests drain.
 */
@Component
class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private volatile boolean ready;

    @EventListener(ApplicationReadyEvent.class)
    void started() {
        ready = true;
    }

    @EventListener(ContextClosedEvent.class)
    void stopping() {
        if (ready) {
            LOG.info("shutdown begun: reporting not ready, draining in-flight requests");
        }
        ready = false;
    }

    boolean ready() {
        return ready;
    }
}
