package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;

/**
 * A real redis-server on a free loopback port, the gateway's connection to it, and an admin
 * connection through which tests look at what the adapters wrote. Close it after the tests.
 */
final class RedisTestBed implements AutoCloseable {

    final RedisServerFixture server;
    final RedisConnection connection;
    private final RedisClient adminClient;
    private final StatefulRedisConnection<String, String> admin;

    private RedisTestBed(RedisServerFixture server) {
        this.server = server;
        this.connection = new RedisConnection(RedisSettings.of(server.url()));
        this.adminClient = RedisClient.create(server.url());
        this.admin = adminClient.connect();
    }

    static RedisTestBed start() {
        return new RedisTestBed(RedisServerFixture.startOnFreePort());
    }

    /** Commands on the admin connection, outside the adapters under test. */
    RedisCommands<String, String> admin() {
        return admin.sync();
    }

    @Override
    public void close() {
        admin.close();
        adminClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        connection.close();
        server.close();
    }
}
