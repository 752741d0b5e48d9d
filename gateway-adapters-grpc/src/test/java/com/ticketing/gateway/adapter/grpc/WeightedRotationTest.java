package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WeightedRotationTest {

    @Test
    void givesEachCandidateTurnsInProportionToItsWeightSpreadOverTheCycle() {
        assertThat(WeightedRotation.cycle(new int[] {3, 1})).containsExactly(0, 0, 1, 0);
        assertThat(WeightedRotation.cycle(new int[] {1, 1, 1})).containsExactly(0, 1, 2);
        assertThat(WeightedRotation.cycle(new int[] {1})).containsExactly(0);
    }

    @Test
    void reducesWeightsByTheirCommonDivisor() {
        assertThat(WeightedRotation.cycle(new int[] {100, 100})).containsExactly(0, 1);
        assertThat(WeightedRotation.cycle(new int[] {6, 2})).hasSize(4);
    }

    @Test
    void countsMatchTheWeightsExactly() {
        int[] weights = {5, 3, 2, 97};
        int[] cycle = WeightedRotation.cycle(weights);

        assertThat(cycle).hasSize(107);
        for (int i = 0; i < weights.length; i++) {
            int candidate = i;
            assertThat(Arrays.stream(cycle).filter(c -> c == candidate).count()).isEqualTo(weights[i]);
        }
    }

    @Test
    void neverGivesTheHeavyCandidateMoreThanItsShareInARow() {
        int[] cycle = WeightedRotation.cycle(new int[] {1, 4});
        // 1:4 -> the light one comes once per cycle, the heavy one never more than four times in a row
        assertThat(cycle).containsExactly(1, 1, 0, 1, 1);
    }

    @Test
    void needsCandidatesWithPositiveWeights() {
        assertThatThrownBy(() -> WeightedRotation.cycle(new int[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeightedRotation.cycle(new int[] {1, 0})).isInstanceOf(IllegalArgumentException.class);
    }
}
