package com.ticketing.stub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.stub.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SessionRegistryTest {

    private final MutableClock clock = MutableClock.at("2029-06-01T10:00:00Z");
    private final SessionRegistry sessions = new SessionRegistry(clock);
    private final Instant weekLater = clock.instant().plus(Duration.ofDays(7));

    @Test
    void currentTokenRotatesToTheNextOne() {
        Session session = sessions.open("usr-1", "rt-1", weekLater);

        Rotation rotation = sessions.rotate(session.sessionId(), "rt-1", "rt-2", weekLater);

        assertThat(rotation).isInstanceOfSatisfying(Rotation.Rotated.class,
                rotated -> assertThat(rotated.session().refreshTokenId()).isEqualTo("rt-2"));
        assertThat(sessions.isActive(session.sessionId())).isTrue();
    }

    @Test
    void rotatedTokenPresentedAgainIsReuseAndRevokesTheSession() {
        Session session = sessions.open("usr-1", "rt-1", weekLater);
        sessions.rotate(session.sessionId(), "rt-1", "rt-2", weekLater);

        assertThat(sessions.rotate(session.sessionId(), "rt-1", "rt-3", weekLater)).isEqualTo(new Rotation.Reused());
        assertThat(sessions.isActive(session.sessionId())).isFalse();
        assertThat(sessions.rotate(session.sessionId(), "rt-2", "rt-4", weekLater)).isEqualTo(new Rotation.Revoked());
    }

    @Test
    void exactlyOneOfTwentyConcurrentRotationsWithOneTokenSucceeds() throws Exception {
        Session session = sessions.open("usr-1", "rt-1", weekLater);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Rotation>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String next = "rt-next-" + i;
                calls.add(pool.submit(() -> {
                    start.await();
                    return sessions.rotate(session.sessionId(), "rt-1", next, weekLater);
                }));
            }
            start.countDown();
            List<Rotation> outcomes = new ArrayList<>();
            for (Future<Rotation> call : calls) {
                outcomes.add(call.get());
            }
            assertThat(outcomes).filteredOn(Rotation.Rotated.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(Rotation.Reused.class::isInstance).isNotEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void revokedSessionIsInactiveAndRevokingIsIdempotent() {
        Session session = sessions.open("usr-1", "rt-1", weekLater);

        assertThat(sessions.revoke(session.sessionId())).isTrue();
        assertThat(sessions.revoke(session.sessionId())).isTrue();
        assertThat(sessions.isActive(session.sessionId())).isFalse();
        assertThat(sessions.revoke("ses-unknown")).isFalse();
    }

    @Test
    void expiredSessionCannotRotate() {
        Session session = sessions.open("usr-1", "rt-1", clock.instant().plusSeconds(60));
        clock.advance(Duration.ofSeconds(60));

        assertThat(sessions.rotate(session.sessionId(), "rt-1", "rt-2", weekLater)).isEqualTo(new Rotation.Unknown());
        assertThat(sessions.isActive(session.sessionId())).isFalse();
    }
}
