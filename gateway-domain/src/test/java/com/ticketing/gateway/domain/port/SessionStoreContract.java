package com.ticketing.gateway.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SessionStore} adapter must show. Extend it once per adapter and say
 * how time passes for the store: a store on a test clock overrides {@link #now()} and
 * {@link #passTime(Duration)} and expires exactly ({@link #expiryTolerance()} zero); a store
 * that expires entries on its own keeps the defaults (system time, sleeps, short lifetimes).
 * Every test uses fresh random session ids, so one store may serve all tests.
 */
public abstract class SessionStoreContract {

    /** Rotations that race in {@link #ofConcurrentRotationsWithTheCurrentTokenExactlyOneRotates()}. */
    protected static final int RACING_ROTATIONS = 32;

    private static final UserId USER = new UserId("user-1");

    /** The store under test. */
    protected abstract SessionStore store();

    /** The current time as the store sees it. */
    protected Instant now() {
        return Instant.now();
    }

    /** Lets {@code duration} pass for the store. */
    protected void passTime(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    /** How long the sessions of the expiry tests live. */
    protected Duration shortLifetime() {
        return Duration.ofSeconds(1);
    }

    /**
     * How far from its {@code expiresAt} a session may still be seen or already be gone. Zero
     * means exactly: active until the instant before {@code expiresAt}, gone at it.
     */
    protected Duration expiryTolerance() {
        return Duration.ofMillis(250);
    }

    private Duration margin() {
        Duration tolerance = expiryTolerance();
        return tolerance.isZero() ? Duration.ofMillis(1) : tolerance;
    }

    private Instant inAnHour() {
        return now().plus(Duration.ofHours(1));
    }

    private static SessionId newSessionId() {
        return new SessionId("sess-" + UUID.randomUUID());
    }

    private SessionId openSession(String refreshTokenId, Instant expiresAt) {
        SessionId id = newSessionId();
        store().open(new Session(id, USER, refreshTokenId, expiresAt));
        return id;
    }

    @Test
    void openedSessionIsActive() {
        SessionId id = openSession("jti-1", inAnHour());

        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void aSessionIsUnknownToAnyOtherUserThanItsOwner() {
        SessionId id = openSession("jti-1", inAnHour());
        UserId other = new UserId("user-2");

        assertThat(store().state(id, other)).isEqualTo(SessionState.UNKNOWN);
        assertThat(store().rotate(id, other, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.UNKNOWN);
        store().revoke(id, other);

        assertThat(store().state(id, USER)).as("the owner's session is untouched").isEqualTo(SessionState.ACTIVE);
        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.ROTATED);
        assertThat(store().state(id, other)).as("nor does rotation hand it over").isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void sessionNeverOpenedIsUnknown() {
        assertThat(store().state(newSessionId(), USER)).isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void revokedSessionIsRevoked() {
        SessionId id = openSession("jti-1", inAnHour());

        store().revoke(id, USER);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void revokingTwiceIsHarmless() {
        SessionId id = openSession("jti-1", inAnHour());

        store().revoke(id, USER);
        store().revoke(id, USER);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void revokingAnUnknownSessionCreatesNothing() {
        SessionId id = newSessionId();

        store().revoke(id, USER);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.UNKNOWN);
    }

    @Test
    void revokingOneSessionLeavesOthersActive() {
        SessionId revoked = openSession("jti-1", inAnHour());
        SessionId other = openSession("jti-1", inAnHour());

        store().revoke(revoked, USER);

        assertThat(store().state(other, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store().rotate(other, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.ROTATED);
    }

    @Test
    void rotatingWithTheCurrentTokenRotatesAndKeepsTheSessionActive() {
        SessionId id = openSession("jti-1", inAnHour());

        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.ROTATED);
        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store().rotate(id, USER, "jti-2", "jti-3", inAnHour())).isEqualTo(Rotation.ROTATED);
        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void rotatingWithAnAlreadyRotatedTokenReportsReuseAndRevokesTheSession() {
        SessionId id = openSession("jti-1", inAnHour());
        store().rotate(id, USER, "jti-1", "jti-2", inAnHour());

        assertThat(store().rotate(id, USER, "jti-1", "jti-3", inAnHour())).isEqualTo(Rotation.REUSED);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
        assertThat(store().rotate(id, USER, "jti-2", "jti-4", inAnHour())).isEqualTo(Rotation.REVOKED);
    }

    @Test
    void theSameRotationMadeAgainIsRotatedAndChangesNothing() {
        SessionId id = openSession("jti-1", inAnHour());
        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.ROTATED);

        // its first answer was lost (a timeout while the server ran it): the instance makes it again
        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.ROTATED);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store().rotate(id, USER, "jti-2", "jti-3", inAnHour())).isEqualTo(Rotation.ROTATED);
        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).as("once superseded, it is reuse")
                .isEqualTo(Rotation.REUSED);
        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void rotatingWithATokenNeverIssuedReportsReuseAndRevokesTheSession() {
        SessionId id = openSession("jti-1", inAnHour());

        assertThat(store().rotate(id, USER, "jti-forged", "jti-2", inAnHour())).isEqualTo(Rotation.REUSED);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void rotatingARevokedSessionReportsRevokedEvenWithTheCurrentToken() {
        SessionId id = openSession("jti-1", inAnHour());
        store().revoke(id, USER);

        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.REVOKED);
        assertThat(store().rotate(id, USER, "jti-old", "jti-2", inAnHour())).isEqualTo(Rotation.REVOKED);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void rotatingAnUnknownSessionReportsUnknownAndCreatesNothing() {
        SessionId id = newSessionId();

        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.UNKNOWN);

        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void openingAgainReplacesTheSession() {
        SessionId id = openSession("jti-1", inAnHour());
        store().revoke(id, USER);

        store().open(new Session(id, USER, "jti-9", inAnHour()));

        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store().rotate(id, USER, "jti-9", "jti-10", inAnHour())).isEqualTo(Rotation.ROTATED);
    }

    @Test
    void ofConcurrentRotationsWithTheCurrentTokenExactlyOneRotates() throws Exception {
        SessionId id = openSession("jti-0", inAnHour());
        Instant expiresAt = inAnHour();
        CyclicBarrier start = new CyclicBarrier(RACING_ROTATIONS);
        List<Callable<Rotation>> rotations = new ArrayList<>();
        for (int i = 1; i <= RACING_ROTATIONS; i++) {
            String next = "jti-" + i;
            rotations.add(() -> {
                start.await(10, TimeUnit.SECONDS);
                return store().rotate(id, USER, "jti-0", next, expiresAt);
            });
        }

        List<Rotation> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(RACING_ROTATIONS);
        try {
            for (Future<Rotation> result : pool.invokeAll(rotations, 30, TimeUnit.SECONDS)) {
                results.add(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // The winner makes its own token current; the first loser presents a stale token and
        // revokes the session; every later one finds it revoked.
        assertThat(results.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Rotation.ROTATED, 1L, Rotation.REUSED, 1L, Rotation.REVOKED, (long) RACING_ROTATIONS - 2));
        assertThat(store().state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void sessionIsActiveUntilItsExpiryAndUnknownFromThen() throws InterruptedException {
        SessionId id = openSession("jti-1", now().plus(shortLifetime()));

        passTime(shortLifetime().minus(margin()));
        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);

        passTime(margin().plus(expiryTolerance()));
        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
        assertThat(store().rotate(id, USER, "jti-1", "jti-2", inAnHour())).isEqualTo(Rotation.UNKNOWN);
        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void rotationMovesTheExpiryToTheNewOne() throws InterruptedException {
        Instant start = now();
        SessionId id = openSession("jti-1", start.plus(shortLifetime()));
        store().rotate(id, USER, "jti-1", "jti-2", start.plus(shortLifetime().multipliedBy(2)));

        passTime(shortLifetime().plus(expiryTolerance()));
        assertThat(store().state(id, USER)).isEqualTo(SessionState.ACTIVE);

        passTime(shortLifetime());
        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void revokedSessionIsForgottenAtItsExpiry() throws InterruptedException {
        SessionId id = openSession("jti-1", now().plus(shortLifetime()));
        store().revoke(id, USER);

        passTime(shortLifetime().plus(expiryTolerance()));

        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
    }

    @Test
    void sessionOpenedAlreadyExpiredIsUnknown() {
        SessionId id = openSession("jti-1", now().minus(Duration.ofSeconds(1)));

        assertThat(store().state(id, USER)).isEqualTo(SessionState.UNKNOWN);
    }
}
