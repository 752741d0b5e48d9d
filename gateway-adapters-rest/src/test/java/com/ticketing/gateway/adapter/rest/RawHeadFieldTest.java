package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Fields of a refused head read from its raw bytes: the origin, and the same scan for the request id. */
class RawHeadFieldTest {

    private static RawHeadField.Scan scan(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return RawHeadField.scan(bytes, bytes.length, "origin");
    }

    @Test
    void findsTheOriginAfterALongRequestLineWhateverTheNamesCase() {
        String line = "GET /api/v1/events?q=" + "a".repeat(20_000) + " HTTP/1.1\r\n";

        assertThat(scan(line + "Host: x\r\nORIGIN:  https://app.example \t\r\nAccept: */*\r\n\r\n"))
                .isEqualTo(new RawHeadField.Scan.Found("https://app.example"));
        assertThat(scan(line + "origin:https://app.example\n\n"))
                .isEqualTo(new RawHeadField.Scan.Found("https://app.example"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            GET /api/v1/events/a{b HTTP/1.1                | /api/v1/events/a%7Bb
            GET /api/v1/events?q=a^b HTTP/1.1              | /api/v1/events
            GET /api/v1/events#top HTTP/1.1                | /api/v1/events
            GET /a\\b"c HTTP/1.1                          | /a%5Cb%22c
            POST /x%2Fy HTTP/1.1                           | /x%2Fy
            GET * HTTP/1.1                                 | ~~
            GET http://example.com/ HTTP/1.1               | ~~
            """)
    void thePathOfARefusedRequestLineIsKeptEncodedForTheProblemsInstance(String line, String path) {
        byte[] head = ("\r\n" + line + "\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

        assertThat(RawHeadField.path(head, head.length)).isEqualTo(path == null || path.isEmpty() ? null : path);
    }

    @Test
    void aRefusedPathIsKeptUpToItsCapWithRawBytesEncoded() {
        byte[] head = ("GET /caf\u00e9/" + "a".repeat(1000) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

        String path = RawHeadField.path(head, head.length);

        assertThat(path).startsWith("/caf%E9/aaa");
        assertThat(path.length()).isLessThanOrEqualTo(RawHeadField.MAX_PATH + 2);
    }

    @Test
    void blankLinesBeforeTheRequestLineAreSkippedAsTomcatSkipsThem() {
        assertThat(scan("\r\n\r\n\nGET /\\ HTTP/1.1\r\nOrigin: https://a.example\r\n\r\n"))
                .isEqualTo(new RawHeadField.Scan.Found("https://a.example"));
    }

    @Test
    void onlyTheFirstOriginCounts() {
        assertThat(scan("GET /\\ HTTP/1.1\r\nOrigin: https://a.example\r\nOrigin: https://b.example\r\n\r\n"))
                .isEqualTo(new RawHeadField.Scan.Found("https://a.example"));
    }

    @Test
    void aHeadThatEndsWithoutOneHasNone() {
        assertThat(scan("GET /x HTTP/1.1\r\nHost: x\r\n\r\nOrigin: https://body.example\r\n"))
                .isEqualTo(new RawHeadField.Scan.None());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /" + "a", "GET / HTTP/1.1\r\nHost: x\r\nOrig", "GET / HTTP/1.1\r\nHost: x\r\n"})
    void bytesThatEndBeforeTheHeadAreIncomplete(String head) {
        assertThat(scan(head)).isEqualTo(new RawHeadField.Scan.Incomplete());
    }

    @Test
    void aValueThatIsNoPlausibleOriginIsNone() {
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: https://a.example/ path\r\n\r\n")).isEqualTo(new RawHeadField.Scan.None());
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: \r\n\r\n")).isEqualTo(new RawHeadField.Scan.None());
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: https://\u00e9.example\r\n\r\n")).isEqualTo(new RawHeadField.Scan.None());
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: https://" + "a".repeat(RawHeadField.MAX_LENGTH) + "\r\n\r\n"))
                .isEqualTo(new RawHeadField.Scan.None());
    }

    @Test
    void aFieldMerelyStartingLikeOriginIsNotIt() {
        assertThat(scan("GET / HTTP/1.1\r\nOriginal: https://a.example\r\nX-Origin: https://b.example\r\n\r\n"))
                .isEqualTo(new RawHeadField.Scan.None());
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] bytes = "GET / HTTP/1.1\r\nOrigin: https://a.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(RawHeadField.scan(bytes, 20, "origin")).isEqualTo(new RawHeadField.Scan.Incomplete());
        assertThat(RawHeadField.scan(bytes, bytes.length, "origin")).isEqualTo(new RawHeadField.Scan.Found("https://a.example"));
    }

    @Test
    void theRequestIdIsFoundByTheSameScanEachFieldByItsOwnName() {
        byte[] bytes = ("GET /api/v1/events?x=a|b HTTP/1.1\r\nOrigin: https://a.example\r\nx-request-ID:  my-id-7 \r\n"
                + "X-Request-Id: second\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(RawHeadField.scan(bytes, bytes.length, "x-request-id")).isEqualTo(new RawHeadField.Scan.Found("my-id-7"));
        assertThat(RawHeadField.scan(bytes, bytes.length, "origin")).isEqualTo(new RawHeadField.Scan.Found("https://a.example"));
        assertThat(RawHeadField.scan(bytes, bytes.length, "host")).isEqualTo(new RawHeadField.Scan.None());
        assertThat(RawHeadField.scan(bytes, 60, "x-request-id")).isEqualTo(new RawHeadField.Scan.Incomplete());
    }

    private static java.util.Map<String, String> skim(String head, int piece, String... names) {
        RawHeadField.Skim skim = new RawHeadField.Skim(java.util.List.of(names));
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        for (int from = 0; from < bytes.length && !skim.done(); from += piece) {
            skim.feed(bytes, from, Math.min(bytes.length, from + piece));
        }
        return skim.found();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 1000, 1 << 20})
    void aSkimFindsTheFieldsPastAHugeRequestLineAndHugeFieldsFedInAnyPieces(int piece) {
        String head = "\r\nGET /api/v1/events?q=" + "a".repeat(200_000) + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + "t".repeat(300_000) + "\r\nX-Origin: no\r\n"
                + "ORIGIN:  https://app.example \t\r\nx-request-id: id-1\r\n\r\nOrigin: https://later.example\r\n";

        assertThat(skim(head, piece, "origin", "x-request-id"))
                .isEqualTo(java.util.Map.of("origin", "https://app.example", "x-request-id", "id-1"));
    }

    @Test
    void aSkimStopsAtTheEndOfTheHeadAndTheFirstLineOfANameDecidesIt() {
        assertThat(skim("GET / HTTP/1.1\r\nHost: x\r\n\r\nOrigin: https://body.example\r\n", 3, "origin")).isEmpty();
        assertThat(skim("GET / HTTP/1.1\nOrigin: not plausible\nOrigin: https://second.example\n\n", 5, "origin"))
                .isEmpty();
        assertThat(skim("GET / HTTP/1.1\nOrigin: " + "o".repeat(RawHeadField.MAX_LENGTH + 1) + "\n\n", 64, "origin"))
                .isEmpty();
        assertThat(skim("GET / HTTP/1.1\nOrigin: " + "o".repeat(RawHeadField.MAX_LENGTH) + "\n\n", 64, "origin"))
                .containsEntry("origin", "o".repeat(RawHeadField.MAX_LENGTH));
    }

    @Test
    void aSkimIsDoneWhenTheHeadEndsThoughEveryNameWasDecidedBefore() {
        RawHeadField.Skim skim = new RawHeadField.Skim(java.util.List.of("origin", "x-request-id"));
        byte[] first = "GET / HTTP/1.1\r\nOrigin: https://a.example\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] rest = "X-Request-Id: r\r\nAccept: */*\r\n".getBytes(StandardCharsets.US_ASCII);

        skim.feed(first, 0, first.length);
        assertThat(skim.done()).isFalse();
        skim.feed(rest, 0, rest.length);
        assertThat(skim.done()).isFalse();
        assertThat(skim.found()).containsEntry("origin", "https://a.example").containsEntry("x-request-id", "r");
        skim.feed("\r\n".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertThat(skim.done()).isTrue();

        RawHeadField.Skim ended = new RawHeadField.Skim(java.util.List.of("origin"));
        byte[] head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        ended.feed(head, 0, head.length);
        assertThat(ended.done()).isTrue();
        assertThat(ended.found()).isEmpty();
    }
}
