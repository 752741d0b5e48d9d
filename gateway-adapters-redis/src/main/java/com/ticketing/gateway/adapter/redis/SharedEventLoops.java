package com.ticketing.gateway.adapter.redis;

import io.lettuce.core.resource.EventLoopGroupProvider;
import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Lettuce's connections on event loops the gateway already runs (the gRPC channels'), instead of
 * a group of lettuce's own: a Redis answer is then read by a thread that is awake for the gRPC
 * calls anyway, rather than waking a second loop per command. The loops belong to their owner:
 * lettuce's release and shutdown leave them running, and the owner ends them after the Redis
 * connection is closed.
 */
final class SharedEventLoops implements EventLoopGroupProvider {

    private final EventLoopGroup loops;

    private SharedEventLoops(EventLoopGroup loops) {
        this.loops = loops;
    }

    /**
     * A provider of {@code loops} if lettuce's socket channels can be registered on them (epoll
     * loops for lettuce on epoll, NIO loops for lettuce on NIO); empty otherwise, e.g. when lettuce
     * is told not to use epoll ({@code -Dio.lettuce.core.epoll=false}) but the loops are epoll's.
     */
    static Optional<EventLoopGroupProvider> of(EventLoopGroup loops) {
        Objects.requireNonNull(loops, "loops");
        return carries(loops, Transports.socketChannelClass())
                ? Optional.of(new SharedEventLoops(loops)) : Optional.empty();
    }

    static boolean carries(EventLoopGroup loops, Class<? extends Channel> channelType) {
        Class<? extends IoHandler> needed = channelType == EpollSocketChannel.class ? EpollIoHandler.class
                : channelType == NioSocketChannel.class ? NioIoHandler.class : null;
        return needed != null && loops instanceof IoEventLoopGroup io && io.isIoType(needed);
    }

    /** The shared loops, whatever group type lettuce asks for: {@link #of} checked they carry its channels. */
    @Override
    @SuppressWarnings("unchecked")
    public <T extends EventLoopGroup> T allocate(Class<T> type) {
        return (T) loops;
    }

    @Override
    public int threadPoolSize() {
        int threads = 0;
        for (var ignored : loops) {
            threads++;
        }
        return threads;
    }

    /** Leaves the loops running: their owner ends them. */
    @Override
    public Future<Boolean> release(EventExecutorGroup eventLoopGroup, long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }

    /** Leaves the loops running: their owner ends them. */
    @Override
    public Future<Boolean> shutdown(long quietPeriod, long timeout, TimeUnit unit) {
        return ImmediateEventExecutor.INSTANCE.newSucceededFuture(true);
    }
}
