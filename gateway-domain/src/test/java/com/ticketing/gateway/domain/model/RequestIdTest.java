package com.ticketing.gateway.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdTest {

    static String[] acceptable() {
        return new String[] {"a", "req-1", "A.b_c-9", "x".repeat(128)};
    }

    static String[] unacceptable() {
        return new String[] {"x".repeat(129), "a b", "a/b", "a\nb", "ä", "id;drop", "\"quoted\""};
    }

    @ParameterizedTest
    @MethodSource("acceptable")
    void acceptsUpTo128CharactersOfTheSafeAlphabetAndPrintsAsIs(String value) {
        assertThat(RequestId.isAcceptable(value)).isTrue();
        assertThat(new RequestId(value)).hasToString(value);
        assertThat(new RequestId(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @MethodSource("unacceptable")
    void refusesAnythingElse(String value) {
        assertThat(RequestId.isAcceptable(value)).isFalse();
        assertThatIllegalArgumentException().isThrownBy(() -> new RequestId(value))
                .withMessage("request id must be 1..128 characters of [A-Za-z0-9._-]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "req-1"})
    void equalValuesAreEqualIds(String value) {
        assertThat(new RequestId(value)).isEqualTo(new RequestId(value));
    }
}
