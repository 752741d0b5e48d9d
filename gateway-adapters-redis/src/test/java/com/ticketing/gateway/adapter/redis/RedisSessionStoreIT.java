package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Rotation;
import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.SessionStore;
import com.ticketing.gateway.domain.port.SessionStoreContract;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session store contract against a real redis-server, plus what only Redis can get wrong. */
class RedisSessionStoreIT extends SessionStoreContract {

    private static final UserId USER = new UserId("u-1");

    private static RedisTestBed bed;
    private static RedisServerFixture server;
    private static RedisConnection connection;
    private static RedisSessionStore store;

    @BeforeAll
    static void startRedis() {
        bed = RedisTestBed.start();
        server = bed.server;
        connection = bed.connection;
        store = new RedisSessionStore(connection);
    }

    @AfterAll
    static void stopRedis() {
        bed.close();
    }

    @Override
    protected SessionStore store() {
        return store;
    }

    private static RedisCommands<String, String> redis() {
        return bed.admin();
    }

    private static SessionId openSession(Duration lifetime) {
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        store.open(new Session(id, USER, "jti-1", Instant.now().plus(lifetime)));
        return id;
    }

    @Test
    void sessionIsOneHashTaggedOnItsOwnerWithUserTokenIdAndState() {
        SessionId id = openSession(Duration.ofHours(1));

        String key = "gw:sess:{u-1}:" + id.value();
        assertThat(redis().hgetall(key)).isEqualTo(Map.of("uid", "u-1", "jti", "jti-1", "state", "active"));

        store.rotate(id, USER, "jti-1", "jti-2", Instant.now().plus(Duration.ofHours(1)));
        store.rotate(id, USER, "jti-1", "jti-3", Instant.now().plus(Duration.ofHours(1)));
        assertThat(redis().hgetall(key)).isEqualTo(Map.of("uid", "u-1", "jti", "jti-2", "state", "revoked"));
    }

    /** PTTL rather than PEXPIRETIME: the bundled redis-server is 6.2. */
    private static void assertExpiresAt(String key, Instant expiresAt) {
        long before = Instant.now().until(expiresAt, ChronoUnit.MILLIS);
        long ttl = redis().pttl(key);
        long after = Instant.now().until(expiresAt, ChronoUnit.MILLIS);
        assertThat(ttl).isBetween(after - 5, before + 5);
    }

    @Test
    void keysExpireAtTheSessionExpiry() {
        Instant expiresAt = Instant.now().plus(Duration.ofMinutes(30));
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        store.open(new Session(id, USER, "jti-1", expiresAt));
        String key = store.key(id, USER);
        assertExpiresAt(key, expiresAt);

        Instant later = expiresAt.plus(Duration.ofMinutes(30));
        store.rotate(id, USER, "jti-1", "jti-2", later);
        assertExpiresAt(key, later);

        store.revoke(id, USER);
        assertExpiresAt(key, later);

        store.rotate(id, USER, "jti-2", "jti-3", later.plus(Duration.ofHours(1)));
        assertExpiresAt(key, later);
    }

    @Test
    void everyKeyTheStoreWritesHasATtl() {
        SessionId opened = openSession(Duration.ofHours(1));
        SessionId rotated = openSession(Duration.ofHours(1));
        store.rotate(rotated, USER, "jti-1", "jti-2", Instant.now().plus(Duration.ofHours(2)));
        SessionId reused = openSession(Duration.ofHours(1));
        store.rotate(reused, USER, "jti-0", "jti-2", Instant.now().plus(Duration.ofHours(2)));
        SessionId revoked = openSession(Duration.ofHours(1));
        store.revoke(revoked, USER);
        store.revoke(new SessionId("never-opened-" + UUID.randomUUID()), USER);
        store.rotate(new SessionId("never-opened-" + UUID.randomUUID()), USER, "a", "b", Instant.now().plusSeconds(60));

        List<String> keys = redis().scan(ScanArgs.Builder.matches("gw:sess:*").limit(10_000)).getKeys();

        assertThat(keys).contains(store.key(opened, USER), store.key(rotated, USER), store.key(reused, USER), store.key(revoked, USER));
        assertThat(keys).allSatisfy(key -> assertThat(redis().pttl(key)).as(key).isPositive());
        assertThat(keys).noneMatch(key -> key.contains("never-opened"));
    }

    @Test
    void recoversWhenRedisHasLostItsScripts() {
        SessionId id = openSession(Duration.ofHours(1));

        assertThat(redis().scriptFlush()).isEqualTo("OK");
        assertThat(store.rotate(id, USER, "jti-1", "jti-2", Instant.now().plus(Duration.ofHours(1))))
                .isEqualTo(Rotation.ROTATED);

        redis().scriptFlush();
        store.revoke(id, USER);
        assertThat(store.state(id, USER)).isEqualTo(SessionState.REVOKED);

        redis().scriptFlush();
        SessionId other = openSession(Duration.ofHours(1));
        assertThat(store.state(other, USER)).isEqualTo(SessionState.ACTIVE);
    }

    @Test
    void stateOtherThanActiveFailsClosed() {
        SessionId id = openSession(Duration.ofHours(1));

        redis().hset(store.key(id, USER), "state", "something-else");

        assertThat(store.state(id, USER)).isEqualTo(SessionState.REVOKED);
    }

    @Test
    void keyPrefixSeparatesStoresSharingOneRedis() {
        RedisSessionStore staging = new RedisSessionStore(connection, "staging:sess:");
        SessionId id = new SessionId("sess-" + UUID.randomUUID());
        staging.open(new Session(id, USER, "jti-1", Instant.now().plus(Duration.ofHours(1))));

        assertThat(staging.state(id, USER)).isEqualTo(SessionState.ACTIVE);
        assertThat(store.state(id, USER)).isEqualTo(SessionState.UNKNOWN);
        assertThat(redis().exists("staging:sess:{u-1}:" + id.value())).isEqualTo(1L);
    }
}
