package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            // IPv4, and IPv4-mapped IPv6 however spelled: the IPv4 address
            "198.51.100.7                    | 198.51.100.7",
            "0.0.0.0                         | 0.0.0.0",
            "::ffff:198.51.100.7             | 198.51.100.7",
            "::FFFF:198.51.100.7             | 198.51.100.7",
            "::ffff:c633:6407                | 198.51.100.7",
            "::FFFF:C633:6407                | 198.51.100.7",
            "0:0:0:0:0:ffff:198.51.100.7     | 198.51.100.7",
            "0000:0000:0000:0000:0000:ffff:c633:6407 | 198.51.100.7",
            // IPv6: lower case, no leading zeros, the longest zero run compressed (RFC 5952)
            "2001:DB8::1                     | 2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001 | 2001:db8::1",
            "2001:db8:0:0:0:0:0:1            | 2001:db8::1",
            "0:0:0:0:0:0:0:1                 | ::1",
            "::                              | ::",
            "0:0:0:0:0:0:0:0                 | ::",
            "2001:db8:0:1:1:1:1:1            | 2001:db8:0:1:1:1:1:1",
            "2001:db8:0:0:1:0:0:1            | 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1              | 2001:0:0:1::1",
            "2001:db8::1:0:0:0               | 2001:db8:0:0:1::",
            "FE80::ABCD:EF01                 | fe80::abcd:ef01",
            "1:2:3:4:5:6:7:8                 | 1:2:3:4:5:6:7:8",
            "::1.2.3.4                       | ::102:304",
            "64:ff9b::198.51.100.7           | 64:ff9b::c633:6407"})
    void everySpellingOfAnAddressHasOneCanonicalText(String spelling, String canonical) {
        assertThat(IpLiteral.canonical(spelling)).isEqualTo(canonical);
        assertThat(IpLiteral.canonical(canonical)).as("canonical text is a fixed point").isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "localhost", "256.1.1.1", "1.2.3", "1.2.3.4.5", "010.1.1.1", "01.2.3.4",
            "198.51.100.7:80", "[2001:db8::1]", "2001:db8::1::2", "::g", "fe80::1%eth0", ".:1", "..::", " 1.2.3.4",
            "1:2:3:4:5:6:7:8:9", "0000000000000000000000000000000000000000000001"})
    void anythingButAnAddressLiteralIsNotRead(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
        assertThat(IpLiteral.canonical(text)).isNull();
    }
}
