package com.ticketing.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MillisTest {

    @Test
    void tenthsOfAMillisecondRoundedHalfUp() {
        assertThat(Millis.tenths(0)).isEqualTo("0.0");
        assertThat(Millis.tenths(49_999)).isEqualTo("0.0");
        assertThat(Millis.tenths(50_000)).isEqualTo("0.1");
        assertThat(Millis.tenths(250_000)).isEqualTo("0.3");
        assertThat(Millis.tenths(12_340_000)).isEqualTo("12.3");
        assertThat(Millis.tenths(165_449_999)).isEqualTo("165.4");
        assertThat(Millis.tenths(1_000_000_000_000L)).isEqualTo("1000000.0");
    }
}
