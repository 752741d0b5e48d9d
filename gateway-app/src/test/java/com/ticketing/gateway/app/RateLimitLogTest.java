package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class RateLimitLogTest {

    private static final RateLimitDecision.LimitState LOGIN = new RateLimitDecision.LimitState(new LimitKey(
            new RateLimit("login", 10, Duration.ofMinutes(1), LimitScope.CLIENT_IP, StoreFailurePolicy.FAIL_OPEN),
            "203.0.113.9"), 0, Duration.ofSeconds(6));

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger security = (Logger) LoggerFactory.getLogger("security");
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RateLimitLog log = new RateLimitLog(registry);

    @BeforeEach
    void capture() {
        lines.start();
        security.addAppender(lines);
        security.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        security.detachAppender(lines);
        security.setLevel(null);
        MDC.clear();
    }

    @Test
    void aRejectionIsOneSecurityLineNamingLimitSubjectAndTheRequestsId() {
        MDC.put("requestId", "rl-check-11");

        log.decided(new RateLimitDecision.Rejected(LOGIN, Duration.ofMillis(5808)));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).isEqualTo(
                    "rate limit rejected: limit=login subject=203.0.113.9 retryAfterMs=5808 requestId=rl-check-11");
        });
        assertThat(registry.counter("gateway.rate.limit.decisions", "limit", "login", "outcome", "rejected").count())
                .isEqualTo(1);
    }

    @Test
    void storeFailuresNameTheRequestToo() {
        MDC.put("requestId", "req-5");

        log.decided(new RateLimitDecision.StoreFailedOpen(LOGIN));
        log.decided(new RateLimitDecision.StoreFailedClosed(LOGIN));

        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "rate limit store unavailable: limit=login served unlimited (fail open) requestId=req-5",
                "rate limit store unavailable: limit=login refused (fail closed) requestId=req-5");
    }

    @Test
    void anAllowedRequestWritesNoLineAndOutsideARequestTheIdIsADash() {
        log.decided(new RateLimitDecision.Allowed(LOGIN));
        assertThat(lines.list).isEmpty();

        log.decided(new RateLimitDecision.Rejected(LOGIN, Duration.ofSeconds(1)));
        assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .endsWith(" requestId=-");
    }
}
