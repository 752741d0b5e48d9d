package com.ticketing.stub.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeatLabelsTest {

    @ParameterizedTest
    @CsvSource({"0, A-1", "16, A-17", "19, A-20", "20, B-1", "519, Z-20", "520, AA-1", "4999, IP-20"})
    void labelsSeatsByRowLetterAndNumber(int index, String label) {
        assertThat(SeatLabels.label(index)).isEqualTo(label);
    }
}
