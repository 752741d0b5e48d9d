package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawHeadOriginTest {

    private static RawHeadOrigin.Scan scan(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        return RawHeadOrigin.scan(bytes, bytes.length);
    }

    @Test
    void findsTheOriginAfterALongRequestLineWhateverTheNamesCase() {
        String line = "GET /api/v1/events?q=" + "a".repeat(20_000) + " HTTP/1.1\r\n";

        assertThat(scan(line + "Host: x\r\nORIGIN:  https://app.example \t\r\nAccept: */*\r\n\r\n"))
                .isEqualTo(new RawHeadOrigin.Scan.Found("https://app.example"));
        assertThat(scan(line + "origin:https://app.example\n\n"))
                .isEqualTo(new RawHeadOrigin.Scan.Found("https://app.example"));
    }

    @Test
    void blankLinesBeforeTheRequestLineAreSkippedAsTomcatSkipsThem() {
        assertThat(scan("\r\n\r\n\nGET /\\ HTTP/1.1\r\nOrigin: https://a.example\r\n\r\n"))
                .isEqualTo(new RawHeadOrigin.Scan.Found("https://a.example"));
    }

    @Test
    void onlyTheFirstOriginCounts() {
        assertThat(scan("GET /\\ HTTP/1.1\r\nOrigin: https://a.example\r\nOrigin: https://b.example\r\n\r\n"))
                .isEqualTo(new RawHeadOrigin.Scan.Found("https://a.example"));
    }

    @Test
    void aHeadThatEndsWithoutOneHasNone() {
        assertThat(scan("GET /x HTTP/1.1\r\nHost: x\r\n\r\nOrigin: https://body.example\r\n"))
                .isEqualTo(new RawHeadOrigin.Scan.None());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /" + "a", "GET / HTTP/1.1\r\nHost: x\r\nOrig", "GET / HTTP/1.1\r\nHost: x\r\n"})
    void bytesThatEndBeforeTheHeadAreIncomplete(String head) {
        assertThat(scan(head)).isEqualTo(new RawHeadOrigin.Scan.Incomplete());
    }

    @Test
    void aValueThatIsNoPlausibleOriginIsNone() {
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: https://a.example/ path\r\n\r\n")).isEqualTo(new RawHeadOrigin.Scan.None());
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: \r\n\r\n")).isEqualTo(new RawHeadOrigin.Scan.None());
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: https://\u00e9.example\r\n\r\n")).isEqualTo(new RawHeadOrigin.Scan.None());
        assertThat(scan("GET / HTTP/1.1\r\nOrigin: https://" + "a".repeat(RawHeadOrigin.MAX_LENGTH) + "\r\n\r\n"))
                .isEqualTo(new RawHeadOrigin.Scan.None());
    }

    @Test
    void aFieldMerelyStartingLikeOriginIsNotIt() {
        assertThat(scan("GET / HTTP/1.1\r\nOriginal: https://a.example\r\nX-Origin: https://b.example\r\n\r\n"))
                .isEqualTo(new RawHeadOrigin.Scan.None());
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        byte[] bytes = "GET / HTTP/1.1\r\nOrigin: https://a.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(RawHeadOrigin.scan(bytes, 20)).isEqualTo(new RawHeadOrigin.Scan.Incomplete());
        assertThat(RawHeadOrigin.scan(bytes, bytes.length)).isEqualTo(new RawHeadOrigin.Scan.Found("https://a.example"));
    }
}
