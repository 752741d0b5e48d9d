package com.ticketing.gateway.adapter.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisSentinel;
import redis.embedded.core.ExecutableProvider;

/**
 * A primary watched by one Sentinel, both real processes of the bundled {@code redis-server}
 * binary ({@code --sentinel} mode) on free ports of 127.0.0.1. The primary restarts on its port
 * (empty), so a client that asks the Sentinel again on reconnect finds it.
 */
public final class RedisSentinelFixture implements AutoCloseable {

    public static final String MASTER_NAME = "gateway";

    private final RedisServerFixture primary;
    private final RedisSentinel sentinel;
    private final int sentinelPort;

    private RedisSentinelFixture(RedisServerFixture primary, int sentinelPort) {
        this.primary = primary;
        this.sentinelPort = sentinelPort;
        this.sentinel = RedisSentinel.newRedisSentinel()
                .executableProvider(ExecutableProvider.newJarResourceProvider())
                .bind("127.0.0.1")
                .port(sentinelPort)
                .masterName(MASTER_NAME)
                .masterPort(primary.port())
                .quorumSize(1)
                .onShutdownForceStop(true)
                .build();
    }

    public static RedisSentinelFixture start() {
        RedisServerFixture primary = RedisServerFixture.startOnFreePort();
        RedisSentinelFixture fixture = new RedisSentinelFixture(primary, RedisServerFixture.freePort());
        try {
            fixture.sentinel.start();
        } catch (IOException e) {
            primary.close();
            throw new UncheckedIOException(e);
        }
        return fixture;
    }

    /** The Sentinel as {@code REDIS_SENTINEL_NODES} takes it: {@code 127.0.0.1:<port>}. */
    public String sentinelNodes() {
        return "127.0.0.1:" + sentinelPort;
    }

    public RedisServerFixture primary() {
        return primary;
    }

    @Override
    public void close() {
        try {
            sentinel.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            primary.close();
        }
    }
}
