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
    })
    void refusesOnlyDecimalIntegersOutsideTheRange(String text, String violation) {
        assertThat(IntRange.between(1, 100).violation(text).orElse("")).isEqualTo(violation);
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
