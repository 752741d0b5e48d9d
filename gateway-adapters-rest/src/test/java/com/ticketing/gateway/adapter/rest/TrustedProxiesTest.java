package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

class TrustedProxiesTest {

    private static final TrustedProxies NONE = new TrustedProxies(List.of());
    private static final TrustedProxies PRIVATE_V4 = new TrustedProxies(List.of("10.0.0.0/8"));

    /** A request from {@code peer} with the given headers: name, value, name, value, ... (names may repeat). */
    private static MockHttpServletRequest from(String peer, String... headers) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/events");
        request.setRemoteAddr(peer);
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    private static String xff(TrustedProxies proxies, String peer, String... xffHeaders) {
        List<String> headers = new ArrayList<>();
        for (String value : xffHeaders) {
            headers.add("X-Forwarded-For");
            headers.add(value);
        }
        return proxies.clientAddress(from(peer, headers.toArray(String[]::new)));
    }

    private static String forwarded(TrustedProxies proxies, String peer, String... forwardedHeaders) {
        List<String> headers = new ArrayList<>();
        for (String value : forwardedHeaders) {
            headers.add("Forwarded");
            headers.add(value);
        }
        return proxies.clientAddress(from(peer, headers.toArray(String[]::new)));
    }

    // --- nothing trusted -------------------------------------------------------------------

    @Test
    void withoutTrustedProxiesTheSocketPeerIsTheClientWhateverTheHeadersSay() {
        MockHttpServletRequest request = from("203.0.113.5",
                "X-Forwarded-For", "198.51.100.1",
                "Forwarded", "for=198.51.100.2");

        assertThat(NONE.clientAddress(request)).isEqualTo("203.0.113.5");
        assertThat(xff(NONE, "127.0.0.1", "198.51.100.1")).as("loopback is not trusted implicitly")
                .isEqualTo("127.0.0.1");
        assertThat(xff(NONE, "10.1.2.3", "198.51.100.1")).as("nor are private ranges").isEqualTo("10.1.2.3");
        assertThat(NONE.clientAddress(from("203.0.113.5"))).isEqualTo("203.0.113.5");
    }

    @Test
    void peerThatIsNotATrustedProxyIsTheClient() {
        assertThat(xff(PRIVATE_V4, "203.0.113.5", "198.51.100.1")).isEqualTo("203.0.113.5");
        assertThat(forwarded(PRIVATE_V4, "203.0.113.5", "for=198.51.100.1")).isEqualTo("203.0.113.5");
        assertThat(xff(PRIVATE_V4, "11.0.0.1", "198.51.100.1")).isEqualTo("11.0.0.1");
        assertThat(xff(PRIVATE_V4, "9.255.255.255", "198.51.100.1")).isEqualTo("9.255.255.255");
    }

    // --- X-Forwarded-For --------------------------------------------------------------------

    @Test
    void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() {
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(xff(PRIVATE_V4, "10.255.255.255", "198.51.100.1")).isEqualTo("198.51.100.1");
        // Left-most hops are whatever the client wrote: not believed.
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "192.0.2.99, 198.51.100.1")).isEqualTo("198.51.100.1");
        // Trusted hops between are skipped.
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "192.0.2.99, 198.51.100.1, 10.0.0.7, 10.200.0.1"))
                .isEqualTo("198.51.100.1");
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "  198.51.100.1  ,10.0.0.7 ")).isEqualTo("198.51.100.1");
    }

    @Test
    void exactV4AddressTrustsThatAddressOnly() {
        for (TrustedProxies single : List.of(new TrustedProxies(List.of("192.0.2.10/32")),
                new TrustedProxies(List.of("192.0.2.10")), new TrustedProxies(List.of(" 192.0.2.10/32 ")))) {
            assertThat(xff(single, "192.0.2.10", "198.51.100.1")).isEqualTo("198.51.100.1");
            assertThat(xff(single, "192.0.2.11", "198.51.100.1")).isEqualTo("192.0.2.11");
            assertThat(xff(single, "192.0.2.9", "198.51.100.1")).isEqualTo("192.0.2.9");
        }
    }

    @Test
    void prefixesThatAreNotWholeOctetsMaskTheRightBits() {
        TrustedProxies docker = new TrustedProxies(List.of("172.16.0.0/12"));

        assertThat(xff(docker, "172.16.0.1", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(xff(docker, "172.31.255.255", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(xff(docker, "172.32.0.0", "198.51.100.1")).isEqualTo("172.32.0.0");
        assertThat(xff(docker, "172.15.255.255", "198.51.100.1")).isEqualTo("172.15.255.255");
        // Host bits set in the configured network do not matter.
        assertThat(xff(new TrustedProxies(List.of("10.9.8.7/8")), "10.1.2.3", "198.51.100.1"))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void v6ProxiesAndClients() {
        TrustedProxies v6 = new TrustedProxies(List.of("2001:db8::/32", "::1/128"));

        assertThat(xff(v6, "2001:db8:0:0:0:0:0:5", "2001:db9::7")).isEqualTo("2001:db9::7");
        assertThat(xff(v6, "2001:db8:ffff::1", "2001:db9::7, 2001:db8::99")).isEqualTo("2001:db9::7");
        assertThat(xff(v6, "0:0:0:0:0:0:0:1", "198.51.100.1")).isEqualTo("198.51.100.1");
        assertThat(xff(v6, "::2", "198.51.100.1")).isEqualTo("::2");
        assertThat(xff(v6, "2001:db9::1", "198.51.100.1")).isEqualTo("2001:db9::1");
        // An IPv4 peer is never inside an IPv6 network, however wide.
        assertThat(xff(new TrustedProxies(List.of("::/0")), "10.1.2.3", "198.51.100.1")).isEqualTo("10.1.2.3");
        // Nor the other way round.
        assertThat(xff(new TrustedProxies(List.of("0.0.0.0/0")), "2001:db8::1", "198.51.100.1"))
                .isEqualTo("2001:db8::1");
        assertThat(xff(new TrustedProxies(List.of("0.0.0.0/0")), "192.0.2.1", "2001:db8::1, 198.51.100.1"))
                .as("every v4 hop trusted, the v6 one is not").isEqualTo("2001:db8::1");
    }

    @Test
    void severalForwardedForHeadersReadAsOneListInOrder() {
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "198.51.100.1", "198.51.100.2, 10.0.0.9"))
                .isEqualTo("198.51.100.2");
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "198.51.100.1", "10.0.0.8", "10.0.0.9"))
                .isEqualTo("198.51.100.1");
    }

    @Test
    void whenEveryHopIsATrustedProxyThePeerIsTheClient() {
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "10.0.0.1, 10.0.0.2")).isEqualTo("10.1.2.3");
        assertThat(xff(PRIVATE_V4, "10.1.2.3")).as("no header at all").isEqualTo("10.1.2.3");
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "")).isEqualTo("10.1.2.3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "unknown", "", "198.51.100.1:8080", "[2001:db8::1]", "256.1.1.1",
            "1.2.3", "evil.example", "localhost", "fe80::1%eth0", "2001:db8::1::2", "::g",
            "'198.51.100.1'", ".:1", "..::", "198.51.100.1 198.51.100.2"})
    void unreadableRightMostHopStopsAtThePeer(String hop) {
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "198.51.100.1, " + hop)).isEqualTo("10.1.2.3");
    }

    @Test
    void unreadableHopLeftOfTheClientDoesNotMatter() {
        assertThat(xff(PRIVATE_V4, "10.1.2.3", "garbage, 198.51.100.1, 10.0.0.4")).isEqualTo("198.51.100.1");
    }

    // --- canonical addresses and limit subjects ---------------------------------------------

    @ParameterizedTest(name = "{1} from a trusted proxy is {2}")
    @CsvSource(delimiter = '|', value = {
            "X-Forwarded-For | ::ffff:198.51.100.7          | 198.51.100.7",
            "X-Forwarded-For | ::FFFF:c633:6407             | 198.51.100.7",
            "X-Forwarded-For | 0:0:0:0:0:ffff:198.51.100.7  | 198.51.100.7",
            "X-Forwarded-For | 2001:DB8:0:0::7              | 2001:db8::7",
            "X-Forwarded-For | 2001:0db8:0000::0007         | 2001:db8::7",
            "Forwarded       | for=\"[::ffff:198.51.100.7]\" | 198.51.100.7",
            "Forwarded       | for=\"[2001:DB8::0:7]:443\"   | 2001:db8::7"})
    void aForwardedClientIsGivenInCanonicalForm(String header, String value, String client) {
        assertThat(PRIVATE_V4.clientAddress(from("10.1.2.3", header, value))).isEqualTo(client);
    }

    @ParameterizedTest(name = "peer {0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "0:0:0:0:0:0:0:1             | ::1",
            "::ffff:203.0.113.5          | 203.0.113.5",
            "2001:DB8:0:0:0:0:0:5        | 2001:db8::5"})
    void theSocketPeerIsGivenInCanonicalForm(String peer, String client) {
        assertThat(NONE.clientAddress(from(peer))).isEqualTo(client);
    }

    @Test
    void aMappedPeerIsMatchedAgainstV4Proxies() {
        assertThat(xff(PRIVATE_V4, "::ffff:10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
    }

    @Test
    void theAddressIsResolvedOncePerRequest() {
        MockHttpServletRequest request = from("10.1.2.3", "X-Forwarded-For", "198.51.100.1");
        assertThat(PRIVATE_V4.clientAddress(request)).isEqualTo("198.51.100.1");
        request.setRemoteAddr("203.0.113.5");

        assertThat(PRIVATE_V4.clientAddress(request)).isEqualTo("198.51.100.1");
    }

    @ParameterizedTest(name = "/{0}: {1} counts as {2}")
    @CsvSource(delimiter = '|', value = {
            "64  | 2001:db8:1:2:aaaa:bbbb:cccc:dddd | 2001:db8:1:2::/64",
            "64  | 2001:db8:1:2::1                  | 2001:db8:1:2::/64",
            "64  | 2001:db8:1:3::1                  | 2001:db8:1:3::/64",
            "64  | ::1                              | ::/64",
            "48  | 2001:db8:1:2::1                  | 2001:db8:1::/48",
            "56  | 2001:db8:1:2ff::1                | 2001:db8:1:200::/56",
            "128 | 2001:db8:1:2::1                  | 2001:db8:1:2::1",
            "64  | 198.51.100.7                     | 198.51.100.7",
            "128 | 198.51.100.7                     | 198.51.100.7"})
    void perIpLimitsCountAnIpv6ClientByItsNetwork(int prefix, String client, String subject) {
        assertThat(new TrustedProxies(List.of(), prefix).limitSubject(client)).isEqualTo(subject);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 31, 129})
    void anIpv6PrefixOutsideItsRangeIsRefusedNamingTheSetting(int prefix) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of(), prefix))
                .withMessageStartingWith("RATE_LIMIT_IPV6_PREFIX");
    }

    // --- Forwarded (RFC 7239) ----------------------------------------------------------------

    @Test
    void forwardedForOfABracketedV6AddressWithPort() {
        TrustedProxies v6 = new TrustedProxies(List.of("2001:db8:ffff::/48"));

        assertThat(forwarded(v6, "2001:db8:ffff::1", "for=\"[2001:db8::1]:4711\"")).isEqualTo("2001:db8::1");
        assertThat(forwarded(v6, "2001:db8:ffff::1", "for=\"[2001:db8::1]\"")).isEqualTo("2001:db8::1");
    }

    @Test
    void forwardedForWithOtherParameters() {
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=192.0.2.60;proto=https")).isEqualTo("192.0.2.60");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=192.0.2.60;proto=http;by=203.0.113.43"))
                .isEqualTo("192.0.2.60");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "proto=https;For=192.0.2.60")).isEqualTo("192.0.2.60");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=\"192.0.2.60:8080\"")).isEqualTo("192.0.2.60");
    }

    @Test
    void forwardedElementsAndHeadersAreReadRightToLeft() {
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=192.0.2.43, for=198.51.100.17")).isEqualTo("198.51.100.17");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=192.0.2.43, for=198.51.100.17;proto=https, for=10.0.0.5"))
                .isEqualTo("198.51.100.17");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=192.0.2.43", "for=198.51.100.17")).isEqualTo("198.51.100.17");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=10.0.0.4, for=10.0.0.5")).isEqualTo("10.1.2.3");
    }

    @Test
    void obfuscatedOrUnknownForwardedForStopsAtThePeer() {
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=unknown")).isEqualTo("10.1.2.3");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=_hidden, for=10.0.0.5")).isEqualTo("10.1.2.3");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=\"[2001:db8::1\"")).isEqualTo("10.1.2.3");
        assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "proto=https")).isEqualTo("10.1.2.3");
    }

    @Test
    void xForwardedForWinsOverForwarded() {
        MockHttpServletRequest request = from("10.1.2.3",
                "Forwarded", "for=192.0.2.60",
                "X-Forwarded-For", "198.51.100.1");

        assertThat(PRIVATE_V4.clientAddress(request)).isEqualTo("198.51.100.1");
    }

    // --- configuration ----------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/abc", "10.0.0.0/", "10.0.0.0/ 8", "::1/129",
            "10.0.0/8", "256.0.0.0/8", "proxy.internal/8", "proxy.internal", "localhost", "", "  ", "10.0.0.0/8/8",
            "*", "fe80::1%eth0/64"})
    void badCidrIsRefusedNamingTheSetting(String cidr) {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/8", cidr)))
                .withMessageStartingWith("TRUSTED_PROXIES: ")
                .withMessageContaining(cidr);
    }

    @Test
    void badCidrMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> new TrustedProxies(List.of("proxy.internal/8")))
                .hasMessage("TRUSTED_PROXIES: not an IP address: proxy.internal/8");
        assertThatThrownBy(() -> new TrustedProxies(List.of("10.0.0.0/33")))
                .hasMessage("TRUSTED_PROXIES: bad prefix in 10.0.0.0/33");
    }

    // --- no name resolution -------------------------------------------------------------------

    @Test
    void neverResolvesANameNeitherInTheSettingNorInHeaders() {
        assertResolverIsRecording();
        int before = RecordingResolverProvider.LOOKUPS.size();
        // Fresh names each run: the JVM caches failed lookups, so a name seen before would not
        // reach the resolver again. Names starting with '.' but otherwise made of IPv6 characters
        // are the ones InetAddress would resolve.
        String n = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        List<String> names = List.of("proxy-" + n + ".internal", "evil-" + n + ".example", "evil-" + n + ".example:80",
                "[evil-" + n + ".example]", ".:" + n, "..::" + n, "." + n + ":" + n + ":1", ".a:" + n);

        for (String name : names) {
            assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of(name)));
            assertThatIllegalArgumentException().isThrownBy(() -> new TrustedProxies(List.of(name + "/8")));
        }
        for (String hop : names) {
            assertThat(xff(PRIVATE_V4, "10.1.2.3", "198.51.100.1, " + hop)).as(hop).isEqualTo("10.1.2.3");
            assertThat(forwarded(PRIVATE_V4, "10.1.2.3", "for=198.51.100.1, for=\"" + hop + "\"")).as(hop)
                    .isEqualTo("10.1.2.3");
            assertThat(xff(PRIVATE_V4, hop, "198.51.100.1")).as("peer %s", hop).isEqualTo(hop);
        }

        assertThat(RecordingResolverProvider.LOOKUPS.subList(before, RecordingResolverProvider.LOOKUPS.size()))
                .isEmpty();
    }

    /** The test resolver is the JVM's: a lookup of an unknown name shows up in its record. */
    private static void assertResolverIsRecording() {
        String probe = "probe-" + UUID.randomUUID() + ".invalid";
        assertThatThrownBy(() -> InetAddress.getByName(probe)).isInstanceOf(UnknownHostException.class);
        assertThat(RecordingResolverProvider.LOOKUPS).contains(probe);
    }
}
