package com.ticketing.gateway.app;

import com.ticketing.gateway.adapter.rest.RequestDeadlines;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * SERVER_HEADER_TIMEOUT_MS and SERVER_BODY_TIMEOUT_MS: the total time a client has to send a
 * request's head and its body, whatever its pace (see {@link RequestDeadlines}). Checked when
 * bound: a value under 100 ms refuses the start, naming the variable.
 */
@ConfigurationProperties("gateway.server")
record ServerDeadlineProperties(Duration headerTimeout, Duration bodyTimeout) {

    ServerDeadlineProperties {
        headerTimeout = headerTimeout == null ? RequestDeadlines.DEFAULT_HEAD : headerTimeout;
        bodyTimeout = bodyTimeout == null ? RequestDeadlines.DEFAULT_BODY : bodyTimeout;
        deadlines(headerTimeout, bodyTimeout);
    }

    RequestDeadlines deadlines() {
        return deadlines(headerTimeout, bodyTimeout);
    }

    private static RequestDeadlines deadlines(Duration head, Duration body) {
        return new RequestDeadlines(head, body);
    }
}
