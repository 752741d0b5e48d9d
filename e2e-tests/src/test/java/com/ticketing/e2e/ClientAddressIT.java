package com.ticketing.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client address behind a trusted proxy (the test client on loopback plays the proxy):
 * every spelling of one address is one client and hits one bucket, IPv6 clients share a bucket
 * per /64 (per address with {@code RATE_LIMIT_IPV6_PREFIX=128}), and the access log names the
 * resolved client, not the proxy. The login limit (per IP) is the bucket looked at: N bad logins
 * are answered 401, the next one 429.
 */
class ClientAddressIT {

    private static final int LOGIN_LIMIT = 4;
    private static final Map<String, String> BEHIND_A_PROXY = Map.of(
            "TRUSTED_PROXIES", "127.0.0.1/32,::1/128",
            "RATE_LIMIT_LOGIN_MAX_REQUESTS", String.valueOf(LOGIN_LIMIT));

    private static LogCapture logs;
    private static Stack stack;

    @BeforeAll
    static void start() {
        logs = new LogCapture();
        stack = Stack.start(BEHIND_A_PROXY);
        logs.attach();
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            logs.close();
        }
    }

    /** The statuses of bad logins sent through the proxy, one per header pair (name, value). */
    private static List<Integer> badLogins(Http http, String... forwarded) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i + 1 < forwarded.length; i += 2) {
            statuses.add(RateLimitIT.badLogin(http, forwarded[i], forwarded[i + 1]).status());
        }
        return statuses;
    }

    private static List<Integer> allowedThenLimited(int allowed, int limited) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < allowed + limited; i++) {
            statuses.add(i < allowed ? 401 : 429);
        }
        return statuses;
    }

    @Test
    void everySpellingOfOneIpv4ClientHitsOneBucket() {
        List<Integer> statuses = badLogins(stack.http,
                "X-Forwarded-For", "198.51.100.7",
                "X-Forwarded-For", "::ffff:198.51.100.7",
                "X-Forwarded-For", "::FFFF:c633:6407",
                "X-Forwarded-For", "0:0:0:0:0:ffff:198.51.100.7",
                "Forwarded", "for=\"[::ffff:198.51.100.7]\"",
                "X-Forwarded-For", "0000:0000:0000:0000:0000:FFFF:C633:6407");

        assertThat(statuses).isEqualTo(allowedThenLimited(LOGIN_LIMIT, 2));
        assertThat(badLogins(stack.http, "X-Forwarded-For", "198.51.100.8")).as("another client, another bucket")
                .containsExactly(401);
    }

    @Test
    void everySpellingOfOneIpv6ClientHitsOneBucket() {
        List<Integer> statuses = badLogins(stack.http,
                "X-Forwarded-For", "2001:db8:77::7",
                "X-Forwarded-For", "2001:DB8:77:0::7",
                "X-Forwarded-For", "2001:0db8:0077:0000:0000:0000:0000:0007",
                "Forwarded", "for=\"[2001:db8:77:0:0:0:0:7]:4711\"",
                "X-Forwarded-For", "2001:db8:77::0:7");

        assertThat(statuses).isEqualTo(allowedThenLimited(LOGIN_LIMIT, 1));
    }

    @Test
    void ipv6ClientsShareOneBucketPerSlash64() {
        List<Integer> statuses = badLogins(stack.http,
                "X-Forwarded-For", "2001:db8:64:1::1",
                "X-Forwarded-For", "2001:db8:64:1::2",
                "X-Forwarded-For", "2001:db8:64:1:ffff:ffff:ffff:ffff",
                "X-Forwarded-For", "2001:db8:64:1:8000::",
                "X-Forwarded-For", "2001:db8:64:1:1234:5678:9abc:def0");

        assertThat(statuses).isEqualTo(allowedThenLimited(LOGIN_LIMIT, 1));
        assertThat(badLogins(stack.http, "X-Forwarded-For", "2001:db8:64:2::1")).as("the next /64")
                .containsExactly(401);
    }

    @Test
    void withPrefix128EveryIpv6AddressHasItsOwnBucket() {
        Map<String, String> perAddress = new java.util.HashMap<>(BEHIND_A_PROXY);
        perAddress.put("RATE_LIMIT_IPV6_PREFIX", "128");
        try (Stack own = Stack.start(perAddress)) {
            List<Integer> sameNetwork = new ArrayList<>();
            for (int host = 1; host <= 2 * LOGIN_LIMIT; host++) {
                sameNetwork.addAll(badLogins(own.http, "X-Forwarded-For", "2001:db8:128:1::" + host));
            }
            List<Integer> oneAddress = badLogins(own.http,
                    "X-Forwarded-For", "2001:db8:128:1::1",
                    "X-Forwarded-For", "2001:DB8:128:1:0:0:0:1",
                    "X-Forwarded-For", "2001:db8:128:1::0:1",
                    "X-Forwarded-For", "2001:db8:128:1::1");

            assertThat(sameNetwork).as("one /64, eight addresses").containsOnly(401);
            assertThat(oneAddress).as("one address, one login already counted, in four spellings")
                    .isEqualTo(allowedThenLimited(LOGIN_LIMIT - 1, 1));
        }
    }

    @Test
    void theAccessLogNamesTheResolvedClientNotTheProxy() {
        Http.Answer answer = stack.http.send(stack.http.request("/api/v1/events?page=1&pageSize=3")
                .header("X-Forwarded-For", "::ffff:203.0.113.77").GET().build());
        Http.Answer v6 = stack.http.send(stack.http.request("/api/v1/events?page=1&pageSize=4")
                .header("X-Forwarded-For", "2001:DB8:0:0::77").GET().build());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(v6.status()).isEqualTo(200);
        // Logback's own events or the console's text of them (another stack's start or stop resets the logging).
        java.util.regex.Pattern eventsLine = java.util.regex.Pattern.compile(
                ".*access\\s+: GET /api/v1/events route=events\\.list .*");
        List<String> eventLines = Eventually.get(() -> logs.lines().stream()
                        .filter(line -> eventsLine.matcher(line).matches()).toList(),
                seen -> seen.stream().anyMatch(line -> line.contains("client=203.0.113.77 "))
                        && seen.stream().anyMatch(line -> line.contains("client=2001:db8::77 ")));
        assertThat(eventLines).anySatisfy(line -> assertThat(line).contains("client=203.0.113.77 "));
        assertThat(eventLines).anySatisfy(line -> assertThat(line).contains("client=2001:db8::77 "));
        assertThat(eventLines).noneMatch(line -> line.contains("client=127.0.0.1 "));
    }
}
