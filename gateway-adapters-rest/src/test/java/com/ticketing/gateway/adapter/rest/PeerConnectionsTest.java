package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PeerConnectionsTest {

    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong now = new AtomicLong();

    private PeerConnections peers(int max, String... trusted) {
        return new PeerConnections(max, new TrustedProxies(List.of(trusted)), refused::incrementAndGet, now::get);
    }

    @Test
    void anAddressHoldsItsShareAndGetsAConnectionBackWhenOneCloses() {
        PeerConnections peers = peers(2);
        byte[] a = IpLiteral.parse("192.0.2.1");
        String first = peers.take(a);
        assertThat(first).isEqualTo("192.0.2.1");
        assertThat(peers.take(a)).isEqualTo(first);
        assertThat(peers.take(a)).as("beyond the share").isNull();
        assertThat(refused).hasValue(1);
        assertThat(peers.take(IpLiteral.parse("192.0.2.2"))).as("another address").isEqualTo("192.0.2.2");

        peers.release(first);
        assertThat(peers.open(first)).isEqualTo(1);
        assertThat(peers.take(a)).as("a connection given back").isEqualTo(first);
        assertThat(peers.take(a)).isNull();
        assertThat(refused).hasValue(2);
    }

    @Test
    void ipv6ClientsCountByTheirNetworkAsThePerIpLimitsDo() {
        PeerConnections peers = peers(1);
        String key = peers.take(IpLiteral.parse("2001:db8:0:1::1"));
        assertThat(key).isEqualTo("2001:db8:0:1::/64");
        assertThat(peers.take(IpLiteral.parse("2001:db8:0:1:ffff::2"))).as("same /64").isNull();
        assertThat(peers.take(IpLiteral.parse("2001:db8:0:2::1"))).as("another /64").isEqualTo("2001:db8:0:2::/64");
    }

    @Test
    void trustedProxiesAndPeersWithoutAnAddressAreNotCounted() {
        PeerConnections peers = peers(1, "10.0.0.0/8");
        for (int i = 0; i < 5; i++) {
            assertThat(peers.take(IpLiteral.parse("10.1.2.3"))).isEqualTo(PeerConnections.UNCOUNTED);
            assertThat(peers.take(null)).isEqualTo(PeerConnections.UNCOUNTED);
        }
        peers.release(PeerConnections.UNCOUNTED);
        assertThat(peers.take(IpLiteral.parse("11.1.2.3"))).isEqualTo("11.1.2.3");
        assertThat(peers.take(IpLiteral.parse("11.1.2.3"))).isNull();
        assertThat(refused).hasValue(1);
    }

    @Test
    void refusalsAreReportedInOneLineEveryTenSecondsAtMost() {
        Logger logger = (Logger) LoggerFactory.getLogger(PeerConnections.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            PeerConnections peers = peers(1);
            byte[] a = IpLiteral.parse("192.0.2.9");
            peers.take(a);
            for (int i = 0; i < 50; i++) {
                peers.take(a);
            }
            assertThat(lines.list).hasSize(1);
            now.addAndGet(10_000_000_000L);
            peers.take(a);
            assertThat(lines.list).hasSize(2);
            assertThat(lines.list.get(1).getFormattedMessage())
                    .contains("50 since the last report").contains("SERVER_MAX_CONNECTIONS_PER_CLIENT")
                    .contains("192.0.2.9");
            assertThat(refused).hasValue(51);
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void aShareUnderOneIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> peers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SERVER_MAX_CONNECTIONS_PER_CLIENT");
    }
}
