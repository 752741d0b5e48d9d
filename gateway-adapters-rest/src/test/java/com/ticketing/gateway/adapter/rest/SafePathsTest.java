package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafePathsTest {

    @Test
    void decodesStrictUtf8AndKeepsPlusAsIs() {
        assertThat(SafePaths.segments("/api/v1/events/caf%C3%A9+x")).containsExactly("api", "v1", "events", "caf\u00e9+x");
        assertThat(SafePaths.segments("/")).containsExactly("");
        assertThat(SafePaths.segments("/health/")).containsExactly("health");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//api", "/a//b", "/a/../b", "/a/./b", "/a/%2e%2E/b", "/a/%2e", "/a%2Fb", "/a%2fb", "/a%5Cb",
            "/a\\b", "/a;b", "/a;jsessionid=1", "/a%00", "/a%0A", "/a%7F", "/a%25", "/a%252e%252e", "/a%C0%AF",
            "/a%E9", "/a%", "/a%2", "/a b", "/a\u00e9", "*", "", "relative"})
    void refusesUnsafePaths(String raw) {
        assertThat(SafePaths.segments(raw)).isNull();
    }

    @Test
    void refusesNull() {
        assertThat(SafePaths.segments(null)).isNull();
    }
}
