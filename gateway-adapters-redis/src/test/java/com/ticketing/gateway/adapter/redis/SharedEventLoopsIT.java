package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.Session;
import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.model.UserId;
import io.lettuce.core.resource.Transports;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real redis-server reached over event loops the gateway owns (the gRPC channels'), not lettuce's own. */
class SharedEventLoopsIT {

    private static RedisServerFixture server;
    private EventLoopGroup loops;

    @BeforeAll
    static void startRedis() {
        server = RedisServerFixture.startOnFreePort();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    /** Loops of the transport lettuce picks here (epoll on Linux), as the gRPC channels make them. */
    @BeforeEach
    void startLoops() {
        loops = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("shared-loop", true),
                Transports.socketChannelClass() == EpollSocketChannel.class ? EpollIoHandler.newFactory()
                        : NioIoHandler.newFactory());
    }

    @AfterEach
    void endLoops() {
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
    }

    /**
     * The thread that completes a command's answer: the I/O loop that reads the connection. The
     * shared loop is held until the answer's callback is attached, so that, on it, the callback
     * cannot run on the calling thread instead.
     */
    private String answeringThread(RedisConnection connection) {
        CountDownLatch hold = new CountDownLatch(1);
        loops.execute(() -> {
            try {
                hold.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return connection.execute("probe", commands -> {
            CompletionStage<String> thread = commands.ping().thenApply(pong -> Thread.currentThread().getName());
            hold.countDown();
            return thread;
        });
    }

    @Test
    void commandsAreAnsweredOnTheSharedLoopsWhichOutliveTheConnection() {
        UserId owner = new UserId("u-" + UUID.randomUUID());
        SessionId id = new SessionId("s-" + UUID.randomUUID());
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(server.url()), RedisCommandObserver.NONE,
                Optional.of(loops))) {
            assertThat(answeringThread(connection)).startsWith("shared-loop");
            RedisSessionStore store = new RedisSessionStore(connection);
            store.open(new Session(id, owner, "jti-1", Instant.now().plus(Duration.ofMinutes(5))));
            assertThat(store.state(id, owner)).isEqualTo(SessionState.ACTIVE);
        }
        assertThat(loops.isShuttingDown()).as("closing the connection leaves the owner's loops running").isFalse();

        try (RedisConnection again = new RedisConnection(RedisSettings.of(server.url()), RedisCommandObserver.NONE,
                Optional.of(loops))) {
            assertThat(answeringThread(again)).startsWith("shared-loop");
            assertThat(new RedisSessionStore(again).state(id, owner)).isEqualTo(SessionState.ACTIVE);
        }
        assertThat(loops.isShuttingDown()).isFalse();
    }

    @Test
    void loopsThatCannotCarryLettucesChannelsAreNotUsed() {
        EventLoopGroup local = new DefaultEventLoopGroup(1, new DefaultThreadFactory("local-loop", true));
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(server.url()), RedisCommandObserver.NONE,
                Optional.of(local))) {
            assertThat(answeringThread(connection)).doesNotStartWith("local-loop").doesNotStartWith("shared-loop");
            assertThat(connection.ping()).isTrue();
        } finally {
            local.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }

    @Test
    void withoutSharedLoopsLettuceRunsItsOwn() {
        try (RedisConnection connection = new RedisConnection(RedisSettings.of(server.url()))) {
            assertThat(answeringThread(connection)).doesNotStartWith("shared-loop");
        }
    }

    @Test
    void loopsCarryTheChannelsOfTheirOwnTransportOnly() {
        EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup local = new DefaultEventLoopGroup(1);
        try {
            assertThat(SharedEventLoops.carries(nio, NioSocketChannel.class)).isTrue();
            assertThat(SharedEventLoops.carries(nio, EpollSocketChannel.class)).isFalse();
            assertThat(SharedEventLoops.carries(local, NioSocketChannel.class)).isFalse();
            assertThat(SharedEventLoops.carries(loops, Transports.socketChannelClass())).isTrue();
            if (Epoll.isAvailable()) {
                EventLoopGroup epoll = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
                try {
                    assertThat(SharedEventLoops.carries(epoll, EpollSocketChannel.class)).isTrue();
                    assertThat(SharedEventLoops.carries(epoll, NioSocketChannel.class)).isFalse();
                } finally {
                    epoll.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
                }
            }
        } finally {
            nio.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
            local.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5_000);
        }
    }
}
