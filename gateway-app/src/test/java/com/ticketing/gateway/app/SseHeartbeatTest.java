package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.adapter.rest.OpenStreams;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseHeartbeatTest {

    @Test
    void aHeartbeatMoreOftenThanOnceASecondIsRefusedAtStart() {
        assertThatThrownBy(() -> SseHeartbeat.start(new OpenStreams(1), Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSE_HEARTBEAT_SECONDS");
    }
}
