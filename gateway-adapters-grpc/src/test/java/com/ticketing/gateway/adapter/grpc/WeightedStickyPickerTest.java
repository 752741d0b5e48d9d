package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.ticketing.gateway.adapter.grpc.LbFakes.FakeSubchannel;
import io.grpc.LoadBalancer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/** The picker's math: weighted shares, stickiness, what moves when an instance leaves. */
class WeightedStickyPickerTest {

    private static final int PICKS = 10_000;

    private final FakeSubchannel a = new FakeSubchannel("a");
    private final FakeSubchannel b = new FakeSubchannel("b");
    private final FakeSubchannel c = new FakeSubchannel("c");
    private final AtomicInteger sequence = new AtomicInteger();

    @Test
    void sharesCallsInProportionToWeights() {
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {3, 1}, all(2), null);

        Map<String, Integer> picks = picks(picker, PICKS, i -> null);

        assertThat(share(picks, "a")).isCloseTo(0.75, within(0.01));
        assertThat(share(picks, "b")).isCloseTo(0.25, within(0.01));
    }

    @Test
    void sharesCallsOverThreeWeightedInstances() {
        WeightedStickyPicker picker = picker(List.of(a, b, c), new int[] {5, 3, 2}, all(3), null);

        Map<String, Integer> picks = picks(picker, PICKS, i -> null);

        assertThat(picks).isEqualTo(Map.of("a", 5000, "b", 3000, "c", 2000));
    }

    @Test
    void picksOnlyReadyInstances() {
        WeightedStickyPicker picker = picker(List.of(a, b, c), new int[] {1, 5, 1}, new boolean[] {true, false, true},
                null);

        assertThat(picks(picker, PICKS, i -> null)).isEqualTo(Map.of("a", 5000, "c", 5000));
        assertThat(picker.ready()).containsExactly(a, c);
    }

    @Test
    void keepsTheRotationGoingAcrossPickersAndThreads() throws Exception {
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {3, 1}, all(2), null);
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        try (var threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PICKS; i++) {
                        String name = picker.pickSubchannel(LbFakes.call(null)).getSubchannel().toString();
                        counts.computeIfAbsent(name, k -> new LongAdder()).increment();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        // 40,000 picks from one atomic counter: exactly three of every four went to a
        assertThat(counts.get("a").sum()).isEqualTo(30_000);
        assertThat(counts.get("b").sum()).isEqualTo(10_000);
    }

    @Test
    void sendsEveryCallOfAUserToTheSameInstance() {
        HashRing ring = HashRing.of(List.of("a:1", "b:1"), new int[] {1, 1});
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {1, 1}, all(2), ring);
        WeightedStickyPicker rebuilt = picker(List.of(a, b), new int[] {1, 1}, all(2), ring);

        for (int user = 0; user < 1000; user++) {
            LoadBalancer.Subchannel first = pick(picker, "user-" + user);
            for (int again = 0; again < 5; again++) {
                assertThat(pick(picker, "user-" + user)).isSameAs(first);
            }
            assertThat(pick(rebuilt, "user-" + user)).isSameAs(first);
        }
    }

    @Test
    void spreadsUsersInProportionToWeights() {
        HashRing ring = HashRing.of(List.of("a:1", "b:1"), new int[] {3, 1});
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {3, 1}, all(2), ring);

        Map<String, Integer> picks = picks(picker, PICKS, i -> "user-" + i);

        assertThat(share(picks, "a")).isCloseTo(0.75, within(0.04));
    }

    @Test
    void whenAnInstanceLeavesOnlyItsUsersMoveAndTheyComeBackWithIt() {
        HashRing ring = HashRing.of(List.of("a:1", "b:1", "c:1"), new int[] {1, 1, 1});
        WeightedStickyPicker all = picker(List.of(a, b, c), new int[] {1, 1, 1}, all(3), ring);
        WeightedStickyPicker withoutB = picker(List.of(a, b, c), new int[] {1, 1, 1},
                new boolean[] {true, false, true}, ring);
        WeightedStickyPicker backAgain = picker(List.of(a, b, c), new int[] {1, 1, 1}, all(3), ring);

        int moved = 0;
        for (int user = 0; user < PICKS; user++) {
            String id = "user-" + user;
            LoadBalancer.Subchannel before = pick(all, id);
            LoadBalancer.Subchannel during = pick(withoutB, id);
            if (before == b) {
                moved++;
                assertThat(during).isIn(a, c);
            } else {
                assertThat(during).isSameAs(before);
            }
            assertThat(pick(backAgain, id)).isSameAs(before);
        }
        assertThat(moved / (double) PICKS).isCloseTo(1 / 3.0, within(0.04));
    }

    @Test
    void callsWithoutAUserGoWeightedRoundRobinEvenWhenSticky() {
        HashRing ring = HashRing.of(List.of("a:1", "b:1"), new int[] {3, 1});
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {3, 1}, all(2), ring);

        assertThat(picks(picker, 400, i -> null)).isEqualTo(Map.of("a", 300, "b", 100));
        assertThat(picks(picker, 400, i -> "")).isEqualTo(Map.of("a", 300, "b", 100));
        assertThat(picker.sticky()).isTrue();
    }

    @Test
    void ignoresTheUserWhenNotSticky() {
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {1, 1}, all(2), null);

        assertThat(picks(picker, 100, i -> "always-the-same")).isEqualTo(Map.of("a", 50, "b", 50));
        assertThat(picker.sticky()).isFalse();
    }

    @Test
    void survivesTheCounterWrappingAround() {
        sequence.set(Integer.MAX_VALUE - 2);
        WeightedStickyPicker picker = picker(List.of(a, b), new int[] {1, 1}, all(2), null);

        assertThat(picks(picker, 10, i -> null)).containsOnlyKeys("a", "b");
    }

    private WeightedStickyPicker picker(List<FakeSubchannel> subchannels, int[] weights, boolean[] ready,
                                        HashRing ring) {
        return new WeightedStickyPicker(List.copyOf(subchannels), weights, ready, ring, sequence);
    }

    private static boolean[] all(int n) {
        boolean[] ready = new boolean[n];
        java.util.Arrays.fill(ready, true);
        return ready;
    }

    private static LoadBalancer.Subchannel pick(WeightedStickyPicker picker, String user) {
        return picker.pickSubchannel(LbFakes.call(user)).getSubchannel();
    }

    private static Map<String, Integer> picks(WeightedStickyPicker picker, int count,
                                              java.util.function.IntFunction<String> user) {
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < count; i++) {
            picks.merge(pick(picker, user.apply(i)).toString(), 1, Integer::sum);
        }
        return picks;
    }

    private static double share(Map<String, Integer> picks, String name) {
        return picks.getOrDefault(name, 0) / (double) picks.values().stream().mapToInt(Integer::intValue).sum();
    }
}
