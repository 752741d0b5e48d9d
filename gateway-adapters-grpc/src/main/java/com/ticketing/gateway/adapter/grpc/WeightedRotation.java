package com.ticketing.gateway.adapter.grpc;

/**
 * The order in which a weighted round robin visits candidates, worked out once: one cycle in
 * which each candidate appears in proportion to its weight (weights divided by their greatest
 * common divisor, so 3:1 is a cycle of four and 2:2 one of two), interleaved by the smooth
 * weighted round robin rule so that a heavy candidate's turns are spread over the cycle rather than
 * bunched (3:1 is a, a, b, a, not a, a, a, b).
 */
final class WeightedRotation {

    private WeightedRotation() {
    }

    /** Candidate indexes, one cycle; each index {@code i} appears {@code weights[i] / gcd} times. */
    static int[] cycle(int[] weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("no candidates");
        }
        int divisor = 0;
        for (int weight : weights) {
            if (weight < 1) {
                throw new IllegalArgumentException("weights must be positive");
            }
            divisor = gcd(divisor, weight);
        }
        int[] reduced = new int[weights.length];
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            reduced[i] = weights[i] / divisor;
            total = Math.addExact(total, reduced[i]);
        }
        int[] cycle = new int[total];
        long[] current = new long[weights.length];
        for (int step = 0; step < total; step++) {
            int best = 0;
            for (int i = 0; i < reduced.length; i++) {
                current[i] += reduced[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle[step] = best;
        }
        return cycle;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
