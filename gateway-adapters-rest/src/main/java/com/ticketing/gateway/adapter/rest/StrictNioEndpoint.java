package com.ticketing.gateway.adapter.rest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.NioEndpoint;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO endpoint with a share of the connections per client address ({@link PeerConnections}):
 * a connection beyond its address's share is closed as it is accepted, before it holds a buffer or
 * a poller slot; each counted connection is given back when it closes, whatever closes it (Tomcat
 * tells its handler of every close, exactly once).
 */
final class StrictNioEndpoint extends NioEndpoint {

    private volatile PeerConnections peers;
    /** The key each counted connection was taken under, by socket, until it closes. */
    private final ConcurrentHashMap<SocketChannel, String> counted = new ConcurrentHashMap<>();

    void limit(PeerConnections peers) {
        this.peers = peers;
    }

    @Override
    protected boolean setSocketOptions(SocketChannel socket) {
        PeerConnections quota = peers;
        String key = quota == null ? PeerConnections.UNCOUNTED : quota.take(peer(socket));
        if (key == null) {
            destroySocket(socket); // closed, and the connection count Tomcat took for it given back
            return false;
        }
        if (!key.isEmpty()) {
            counted.put(socket, key);
        }
        boolean handedOff = super.setSocketOptions(socket);
        if (!handedOff && connections.get(socket) == null) {
            release(socket); // destroyed without a wrapper, whose close would have given it back
        }
        return handedOff;
    }

    @Override
    public void setHandler(Handler<NioChannel> handler) {
        super.setHandler(new Releasing(handler));
    }

    private void release(SocketChannel socket) {
        String key = counted.remove(socket);
        PeerConnections quota = peers;
        if (key != null && quota != null) {
            quota.release(key);
        }
    }

    private static byte[] peer(SocketChannel socket) {
        try {
            SocketAddress remote = socket.getRemoteAddress();
            return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress().getAddress() : null;
        } catch (IOException e) {
            return null; // closed already: not counted, and Tomcat's own set-up fails on it
        }
    }

    /** The protocol's handler, told of each close first. */
    private final class Releasing implements Handler<NioChannel> {

        private final Handler<NioChannel> handler;

        Releasing(Handler<NioChannel> handler) {
            this.handler = handler;
        }

        @Override
        public SocketState process(SocketWrapperBase<NioChannel> socket, SocketEvent status) {
            return handler.process(socket, status);
        }

        @Override
        public Object getGlobal() {
            return handler.getGlobal();
        }

        @Override
        public void release(SocketWrapperBase<NioChannel> socketWrapper) {
            try {
                NioChannel channel = socketWrapper.getSocket();
                if (channel != null && channel.getIOChannel() != null) {
                    StrictNioEndpoint.this.release(channel.getIOChannel());
                }
            } finally {
                handler.release(socketWrapper);
            }
        }

        @Override
        public void pause() {
            handler.pause();
        }

        @Override
        public void recycle() {
            handler.recycle();
        }
    }
}
