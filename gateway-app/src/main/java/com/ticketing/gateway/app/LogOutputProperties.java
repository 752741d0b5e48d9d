package com.ticketing.gateway.app;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * LOG_FLUSH_INTERVAL_MS: how long console lines may wait in {@link BatchedConsole}'s buffer before
 * they are written (WARN and ERROR lines never wait); 0 writes every line at once. Checked when
 * bound: outside 0–10000 ms refuses the start, naming the variable.
 */
@ConfigurationProperties("gateway.log")
record LogOutputProperties(Duration flushInterval) {

    static final Duration DEFAULT = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(10);

    LogOutputProperties {
        flushInterval = flushInterval == null ? DEFAULT : flushInterval;
        if (flushInterval.isNegative() || flushInterval.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("LOG_FLUSH_INTERVAL_MS must be between 0 and " + MAX.toMillis()
                    + ", not " + flushInterval.toMillis());
        }
    }
}
