package com.ticketing.gateway.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IntRangeTest {

    @ParameterizedTest(name = "{0} in 1..100 -> ''{1}''")
    @CsvSource(delimiter = '|', value = {
            "0    | must be between 1 and 100",
            "1    | ''",
            "100  | ''",
            "101  | must be between 1 and 100",
            "-1   | must be between 1 and 100",
            "x    | ''",
            "1.0  | ''",
            "99999999999999999999 | ''",
            "\u0968 | ''",
            "+1000 | ''",
    })
    void refusesOnlyDecimalIntegersOutsideTheRange(String text, String violation) {
        assertThat(IntRange.between(1, 100).violation(text).orElse("")).isEqualTo(violation);
    }

    @Test
    void onlyAsciiDigitsReadAsAnInteger() {
        assertThat(IntRange.isAsciiInteger("0")).isTrue();
        assertThat(IntRange.isAsciiInteger("-12")).isTrue();
        assertThat(IntRange.isAsciiInteger("007")).isTrue();
        assertThat(IntRange.isAsciiInteger("")).isFalse();
        assertThat(IntRange.isAsciiInteger("-")).isFalse();
        assertThat(IntRange.isAsciiInteger("+1")).isFalse();
        assertThat(IntRange.isAsciiInteger("\u0968")).isFalse(); // Devanagari two
        assertThat(IntRange.isAsciiInteger("\uff15")).isFalse(); // full-width five
        assertThat(IntRange.isAsciiInteger("1 ")).isFalse();
    }

    @Test
    void anOpenRangeSaysAtLeast() {
        assertThat(IntRange.atLeast(1).violation("0")).contains("must be at least 1");
        assertThat(IntRange.atLeast(1).violation(String.valueOf(Long.MAX_VALUE))).isEmpty();
    }

    @Test
    void anEmptyRangeIsABug() {
        assertThatThrownBy(() -> IntRange.between(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
