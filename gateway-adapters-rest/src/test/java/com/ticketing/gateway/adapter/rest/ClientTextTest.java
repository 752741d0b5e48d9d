package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void replacesControlCharactersAndLoneSurrogatesAndCaps() {
        assertThat(ClientText.safe("a\r\nb\u0000c\u0085d\ud800e", 100)).isEqualTo("a??b?c?d?e");
        assertThat(ClientText.safe("abcdef", 3)).isEqualTo("abc...");
        assertThat(ClientText.safe("ab\ud83c\udfab", 3)).isEqualTo("ab...");
        assertThat(ClientText.safe("\ud83c\udfab", 10)).isEqualTo("\ud83c\udfab");
        assertThat(ClientText.safe(null, 10)).isEmpty();
    }

    @Test
    void logTextIsPrintableAsciiOnly() {
        assertThat(ClientText.ascii("evil\r\nevent=FORGED caf\u00e9", 100)).isEqualTo("evil??event=FORGED?caf?");
        assertThat(ClientText.ascii("x".repeat(10), 4)).isEqualTo("xxxx...");
        assertThat(ClientText.ascii("", 4)).isEqualTo("-");
        assertThat(ClientText.ascii(null, 4)).isEqualTo("-");
    }
}
