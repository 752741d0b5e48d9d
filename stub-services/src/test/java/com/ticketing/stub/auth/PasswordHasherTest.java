package com.ticketing.stub.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashMatchesOnlyTheOriginalPassword() {
        String hash = hasher.hash("correct horse battery");

        assertThat(hasher.matches("correct horse battery", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery!", hash)).isFalse();
    }

    @Test
    void everyHashIsSaltedAndNeverContainsThePassword() {
        String first = hasher.hash("correct horse battery");
        String second = hasher.hash("correct horse battery");

        assertThat(first).isNotEqualTo(second).startsWith("pbkdf2-sha256$10000$").doesNotContain("horse");
    }
}
