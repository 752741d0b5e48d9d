package com.ticketing.gateway.adapter.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real {@code redis-server} process for tests, bound to 127.0.0.1 on a free port, without
 * persistence (a restart starts empty, like a failover to a fresh replica). Uses the binary
 * bundled with embedded-redis; if that cannot start here, {@code /usr/bin/redis-server}.
 * {@link #restart()} keeps the port, so clients can reconnect.
 */
public final class RedisServerFixture implements AutoCloseable {

    private static final File SYSTEM_REDIS = new File("/usr/bin/redis-server");

    private final ExecutableProvider bundled = ExecutableProvider.newJarResourceProvider();
    private final int port;
    private final List<String> settings;
    private RedisServer server;
    private String executable = "none";

    private RedisServerFixture(int port, List<String> settings) {
        this.port = port;
        this.settings = settings;
    }

    /** Starts a server on a free port; {@code settings} are extra redis.conf lines (e.g. {@code requirepass x}). */
    public static RedisServerFixture startOnFreePort(String... settings) {
        RedisServerFixture fixture = new RedisServerFixture(freePort(), List.of(settings));
        fixture.start();
        return fixture;
    }

    /** A free port on 127.0.0.1 where nothing listens (yet). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture for {@code port} that is not started yet. */
    public static RedisServerFixture notStartedOn(int port, String... settings) {
        return new RedisServerFixture(port, List.of(settings));
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        List<Exception> failures = new ArrayList<>();
        for (ExecutableProvider provider : providers()) {
            try {
                RedisServer candidate = builder(provider).build();
                candidate.start();
                server = candidate;
                executable = provider == bundled ? "embedded-redis bundled binary" : SYSTEM_REDIS.getPath();
                return;
            } catch (IOException | RuntimeException e) {
                failures.add(e);
            }
        }
        IllegalStateException failure = new IllegalStateException("cannot start redis-server on port " + port);
        failures.forEach(failure::addSuppressed);
        throw failure;
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /** Stops the server and starts an empty one on the same port. */
    public synchronized void restart() {
        stop();
        start();
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Which redis-server binary runs. */
    public synchronized String executable() {
        return executable;
    }

    @Override
    public void close() {
        stop();
    }

    private List<ExecutableProvider> providers() {
        List<ExecutableProvider> providers = new ArrayList<>();
        providers.add(bundled);
        if (SYSTEM_REDIS.canExecute()) {
            providers.add(() -> SYSTEM_REDIS);
        }
        return providers;
    }

    private RedisServerBuilder builder(ExecutableProvider provider) {
        RedisServerBuilder builder = RedisServer.newRedisServer()
                .executableProvider(provider)
                .bind("127.0.0.1")
                .port(port)
                .setting("save \"\"")
                .setting("appendonly no")
                .onShutdownForceStop(true);
        settings.forEach(builder::setting);
        return builder;
    }
}
