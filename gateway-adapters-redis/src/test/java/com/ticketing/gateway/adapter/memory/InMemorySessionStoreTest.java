package com.ticketing.gateway.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.SessionStoreContract;
import com.ticketing.gateway.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemorySessionStoreTest extends SessionStoreContract {

    private static final UserId USER = new UserId("u-1");

    private final MutableClock clock = MutableClock.standing();
    private final InMemorySessionStore store = new InMemorySessionStore(clock);

    @Override
    protected SessionStore store() {
        return store;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected Duration expiryTolerance() {
        return Duration.ZERO;
    }

    private void open(String id, Duration lifetime) {
        store.open(new Session(new SessionId(id), USER, "jti", clock.instant().plus(lifetime)));
    }

    @Test
    void expiredSessionIsDroppedWhenRead() {
        open("s-1", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));

        store.state(new SessionId("s-1"), USER);

        assertThat(store.size()).isZero();
    }

    @Test
    void expiredSessionIsDroppedWhenRotatedOrRevoked() {
        open("s-1", Duration.ofSeconds(10));
        open("s-2", Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));

        store.rotate(new SessionId("s-1"), USER, "jti", "jti-2", clock.instant().plusSeconds(60));
        store.revoke(new SessionId("s-2"), USER);

        assertThat(store.size()).isZero();
    }

    @Test
    void openingASessionAfterTheSweepIntervalDropsEveryExpiredOne() {
        for (int i = 0; i < 100; i++) {
            open("old-" + i, Duration.ofSeconds(30));
        }
        open("long", Duration.ofHours(1));
        clock.advance(InMemorySessionStore.DEFAULT_SWEEP_INTERVAL);

        open("new", Duration.ofHours(1));

        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void noSweepBeforeTheIntervalHasPassed() {
        open("old", Duration.ofSeconds(30));
        clock.advance(InMemorySessionStore.DEFAULT_SWEEP_INTERVAL.minusMillis(1));

        open("new", Duration.ofHours(1));

        assertThat(store.size()).isEqualTo(2);
    }

    @Test
    void sweepsAgainOneIntervalAfterTheLastSweep() {
        InMemorySessionStore swept = new InMemorySessionStore(clock, Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(10));
        swept.open(new Session(new SessionId("a"), USER, "jti", clock.instant().plusSeconds(5)));
        clock.advance(Duration.ofSeconds(9));

        swept.open(new Session(new SessionId("b"), USER, "jti", clock.instant().plusSeconds(60)));
        assertThat(swept.size()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(1));
        swept.open(new Session(new SessionId("c"), USER, "jti", clock.instant().plusSeconds(60)));
        assertThat(swept.size()).isEqualTo(2);
    }

    @Test
    void rotationToAnExpiryAlreadyPastForgetsTheSession() {
        open("s-1", Duration.ofSeconds(10));

        store.rotate(new SessionId("s-1"), USER, "jti", "jti-2", clock.instant());

        assertThat(store.size()).isZero();
    }

    @Test
    void refusesASweepIntervalThatIsNotPositive() {
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemorySessionStore(clock, Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> new InMemorySessionStore(clock, Duration.ofSeconds(-1)));
    }
}
