package com.ticketing.gateway.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import com.ticketing.gateway.domain.policy.LimitScope;
import com.ticketing.gateway.domain.policy.RateLimit;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Allowed;
import com.ticketing.gateway.domain.policy.RateLimitDecision.Rejected;
import com.ticketing.gateway.domain.policy.StoreFailurePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Turnstile} must show, over the session store it reads. Limits have a
 * period of a minute, so nothing refills during a test; every test uses fresh users and sessions.
 */
public abstract class TurnstileContract {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    /** The turnstile under test. */
    protected abstract Turnstile turnstile();

    /** The session store the turnstile reads. */
    protected abstract SessionStore sessions();

    private final UserId owner = new UserId("u-" + UUID.randomUUID());

    private SessionId openSession() {
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        sessions().open(new Session(id, owner, "jti-1", Instant.now().plus(Duration.ofHours(1))));
        return id;
    }

    private List<LimitKey> limits(long userCapacity, long routeCapacity) {
        return List.of(new LimitKey(limit("user", userCapacity), owner.value()),
                new LimitKey(limit("payment", routeCapacity), owner.value()));
    }

    private static RateLimit limit(String name, long capacity) {
        return new RateLimit(name, capacity, MINUTE, LimitScope.USER, StoreFailurePolicy.FAIL_OPEN);
    }

    @Test
    void anActiveSessionPassesAndIsChargedEveryLimit() {
        SessionId id = openSession();

        Passage first = turnstile().pass(id, owner, limits(10, 3));
        Passage second = turnstile().pass(id, owner, limits(10, 3));

        assertThat(first).isInstanceOfSatisfying(Passage.Open.class, open -> assertThat(open.decision())
                .isInstanceOfSatisfying(Allowed.class, allowed -> {
                    assertThat(allowed.reported().key().limit().name()).as("the tightest limit").isEqualTo("payment");
                    assertThat(allowed.reported().remaining()).isEqualTo(2);
                }));
        assertThat(second).isInstanceOfSatisfying(Passage.Open.class, open ->
                assertThat(open.decision().reported().remaining()).isEqualTo(1));
    }

    @Test
    void exactlyTheCapacityPassesThenTheTrippedLimitIsReported() {
        SessionId id = openSession();
        for (int i = 0; i < 3; i++) {
            assertThat(((Passage.Open) turnstile().pass(id, owner, limits(10, 3))).decision())
                    .as("request %d", i + 1).isInstanceOf(Allowed.class);
        }

        Passage fourth = turnstile().pass(id, owner, limits(10, 3));

        assertThat(((Passage.Open) fourth).decision()).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.reported().key().limit().name()).isEqualTo("payment");
            assertThat(rejected.retryAfter()).isPositive().isLessThanOrEqualTo(MINUTE);
        });
        assertThat(((Passage.Open) turnstile().pass(id, owner, List.of(limits(10, 3).get(0)))).decision()
                .reported().remaining()).as("the rejected request charged no limit").isEqualTo(6);
    }

    @Test
    void aSessionNeverOpenedIsClosedAndChargesNothing() {
        SessionId opened = openSession();

        assertThat(turnstile().pass(new SessionId("sess-" + UUID.randomUUID()), owner, limits(10, 1)))
                .isEqualTo(new Passage.Closed(SessionState.UNKNOWN));
        assertThat(((Passage.Open) turnstile().pass(opened, owner, limits(10, 1))).decision())
                .isInstanceOf(Allowed.class);
    }

    @Test
    void aRevokedSessionIsClosedAndChargesNothing() {
        SessionId revoked = openSession();
        sessions().revoke(revoked, owner);

        assertThat(turnstile().pass(revoked, owner, limits(10, 1))).isEqualTo(new Passage.Closed(SessionState.REVOKED));
        SessionId other = openSession();
        assertThat(((Passage.Open) turnstile().pass(other, owner, limits(10, 1))).decision())
                .isInstanceOf(Allowed.class);
    }

    @Test
    void anotherUsersSessionIsUnknownToTheTokensSubject() {
        SessionId id = openSession();
        UserId intruder = new UserId("u-" + UUID.randomUUID());

        assertThat(turnstile().pass(id, intruder, List.of(new LimitKey(limit("user", 10), intruder.value()))))
                .isEqualTo(new Passage.Closed(SessionState.UNKNOWN));
        assertThat(turnstile().pass(id, owner, limits(10, 3))).isInstanceOf(Passage.Open.class);
    }

    @Test
    void aStartedPassageAnswersAsPassDoesAndChargesTheSameLimits() throws Exception {
        SessionId id = openSession();
        SessionId revoked = openSession();
        sessions().revoke(revoked, owner);

        Passage started = turnstile().start(id, owner, limits(10, 3)).toCompletableFuture().get(5, TimeUnit.SECONDS);
        Passage passed = turnstile().pass(id, owner, limits(10, 3));

        assertThat(started).isInstanceOfSatisfying(Passage.Open.class, open ->
                assertThat(open.decision().reported().remaining()).isEqualTo(2));
        assertThat(((Passage.Open) passed).decision().reported().remaining()).as("charged by the started one too")
                .isEqualTo(1);
        assertThat(turnstile().start(revoked, owner, limits(10, 3)).toCompletableFuture().get(5, TimeUnit.SECONDS))
                .isEqualTo(new Passage.Closed(SessionState.REVOKED));
        assertThat(turnstile().start(new SessionId("sess-" + UUID.randomUUID()), owner, limits(10, 3))
                .toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo(new Passage.Closed(SessionState.UNKNOWN));
    }
}
