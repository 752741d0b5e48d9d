package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reaching a Redis that wants a password, in another database. */
class RedisConnectionIT {

    private static final String PASSWORD = "s3cret-Redis-pw";

    private static RedisServerFixture server;

    @BeforeAll
    static void startRedisWithPassword() {
        server = RedisServerFixture.startOnFreePort("requirepass " + PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    @Test
    void connectsWithThePasswordFromTheSettings() {
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(server.url()).withPassword(PASSWORD))) {
            assertThat(connection.ping()).isTrue();
        }
    }

    @Test
    void connectsWithThePasswordInTheUrl() {
        String url = "redis://:" + PASSWORD + "@127.0.0.1:" + server.port();
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(url))) {
            assertThat(connection.ping()).isTrue();
            assertThat(connection.toString()).doesNotContain(PASSWORD);
        }
    }

    @Test
    void settingsPasswordReplacesAWrongOneInTheUrl() {
        String url = "redis://:wrong@127.0.0.1:" + server.port();
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(url).withPassword(PASSWORD))) {
            assertThat(connection.ping()).isTrue();
        }
    }

    @Test
    void withoutOrWithAWrongPasswordTheStoreIsUnavailable() {
        for (RedisSettings settings : new RedisSettings[] {RedisSettings.of(server.url()),
                RedisSettings.of(server.url()).withPassword("wrong")}) {
            try (RedisConnection connection = new RedisConnection(settings)) {
                assertThat(connection.ping()).isFalse();
                assertThatThrownBy(() -> new RedisSessionStore(connection).state(new SessionId("s-1"), new UserId("u-1")))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageNotContaining("wrong").hasMessageNotContaining(PASSWORD);
            }
        }
    }

    @Test
    void theObserverHearsOfEveryCommandWithItsOperationLatencyAndOutcome() {
        List<String> heard = new CopyOnWriteArrayList<>();
        RedisCommandObserver observer = (operation, nanos, outcome) -> {
            assertThat(nanos).isPositive();
            heard.add(operation + " " + outcome.label());
        };
        SessionId id = new SessionId("s-observed");
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(server.url()).withPassword(PASSWORD),
                observer)) {
            RedisSessionStore store = new RedisSessionStore(connection);
            store.open(new Session(id, new UserId("u-1"), "jti-1", Instant.now().plus(Duration.ofMinutes(5))));
            assertThat(store.state(id, new UserId("u-1"))).isEqualTo(SessionState.ACTIVE);
        }
        try (RedisConnection wrongPassword = new RedisConnection(
                RedisSettings.of(server.url()).withPassword("wrong"), observer)) {
            assertThatThrownBy(() -> new RedisSessionStore(wrongPassword).state(id, new UserId("u-1")))
                    .isInstanceOf(StoreUnavailableException.class);
        }
        assertThat(heard).containsExactly("open session success", "read session success", "read session error");
    }

    @Test
    void usesTheDatabaseOfTheUrl() {
        String url = server.url() + "/3";
        SessionId id = new SessionId("s-db3");
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(url).withPassword(PASSWORD))) {
            RedisSessionStore store = new RedisSessionStore(connection);
            store.open(new Session(id, new UserId("u-1"), "jti-1", Instant.now().plus(Duration.ofMinutes(5))));
            assertThat(store.state(id, new UserId("u-1"))).isEqualTo(SessionState.ACTIVE);
        }

        RedisClient client = RedisClient.create("redis://:" + PASSWORD + "@127.0.0.1:" + server.port() + "/3");
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            assertThat(admin.sync().exists("gw:sess:{u-1}:s-db3")).isEqualTo(1L);
            admin.sync().select(0);
            assertThat(admin.sync().exists("gw:sess:{u-1}:s-db3")).isZero();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
