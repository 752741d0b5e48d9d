package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HashRingTest {

    private static final List<String> THREE = List.of("booking-1:50053", "booking-2:50053", "booking-3:50053");
    private static final int USERS = 10_000;

    @Test
    void givesEachInstancePointsInProportionToItsWeight() {
        HashRing ring = HashRing.of(THREE, new int[] {3, 1, 2});

        assertThat(ring.pointsOf(0)).isEqualTo(3 * HashRing.POINTS_PER_WEIGHT);
        assertThat(ring.pointsOf(1)).isEqualTo(HashRing.POINTS_PER_WEIGHT);
        assertThat(ring.pointsOf(2)).isEqualTo(2 * HashRing.POINTS_PER_WEIGHT);
        assertThat(ring.size()).isEqualTo(6 * HashRing.POINTS_PER_WEIGHT);
    }

    @Test
    void staysBoundedWithManyHeavyInstancesKeepingTheProportions() {
        List<String> names = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "i-" + i + ":1").toList();
        int[] weights = new int[20];
        java.util.Arrays.fill(weights, 100);
        weights[0] = 50;

        HashRing ring = HashRing.of(names, weights);

        assertThat(ring.size()).isLessThanOrEqualTo(HashRing.MAX_POINTS);
        assertThat(ring.pointsOf(1)).isEqualTo(2 * ring.pointsOf(0));
    }

    @Test
    void sharesUsersInProportionToWeights() {
        HashRing ring = HashRing.of(THREE.subList(0, 2), new int[] {3, 1});

        int[] users = usersPerInstance(ring, 2);

        assertThat(users[0] / (double) USERS).isCloseTo(0.75, within(0.04));
        assertThat(users[1] / (double) USERS).isCloseTo(0.25, within(0.04));
    }

    @Test
    void sharesUsersEvenlyOverEqualInstances() {
        int[] users = usersPerInstance(HashRing.of(THREE, new int[] {1, 1, 1}), 3);

        for (int count : users) {
            assertThat(count / (double) USERS).isCloseTo(1 / 3.0, within(0.04));
        }
    }

    @Test
    void isTheSameRingWhereverItIsBuilt() {
        HashRing one = HashRing.of(THREE, new int[] {1, 2, 1});
        HashRing other = HashRing.of(List.copyOf(THREE), new int[] {1, 2, 1});

        for (int user = 0; user < 1000; user++) {
            assertThat(other.owner("user-" + user)).isEqualTo(one.owner("user-" + user));
        }
    }

    @Test
    void hashesTextTheSameOnEveryJvmAndRelease() {
        // Pinned: a change here moves every user to another instance when gateways are upgraded.
        assertThat(HashRing.hash("u-42")).isEqualTo(-2177747470546178036L);
        assertThat(HashRing.hash("")).isEqualTo(-1166397803181037274L);
        assertThat(HashRing.hash("user-1")).isNotEqualTo(HashRing.hash("user-2"));
    }

    @Test
    void takingAnInstanceOutMovesOnlyItsUsersAndBringingItBackReturnsThem() {
        HashRing all = HashRing.of(THREE, new int[] {1, 1, 1});
        HashRing withoutSecond = all.restrictTo(new boolean[] {true, false, true});

        int moved = 0;
        int secondsUsers = 0;
        for (int user = 0; user < USERS; user++) {
            String id = "user-" + user;
            int before = all.owner(id);
            int after = withoutSecond.owner(id);
            if (before == 1) {
                secondsUsers++;
                assertThat(after).isIn(0, 2);
            } else {
                assertThat(after).as("a user of a staying instance stays").isEqualTo(before);
            }
            if (before != after) {
                moved++;
            }
        }
        assertThat(moved).isEqualTo(secondsUsers);
        assertThat(moved / (double) USERS).isCloseTo(1 / 3.0, within(0.04));
    }

    @Test
    void restrictingKeepsInstanceNumbersAndNeedsOneInstance() {
        HashRing all = HashRing.of(THREE, new int[] {1, 1, 1});

        HashRing onlyLast = all.restrictTo(new boolean[] {false, false, true});

        assertThat(onlyLast.owner("anyone")).isEqualTo(2);
        assertThat(all.restrictTo(new boolean[] {true, true, true})).isSameAs(all);
        assertThatThrownBy(() -> all.restrictTo(new boolean[3])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void wrapsAroundPastTheLastPoint() {
        HashRing ring = HashRing.of(List.of("only:1"), new int[] {1});

        assertThat(ring.ownerOfHash(Long.MAX_VALUE)).isZero();
        assertThat(ring.ownerOfHash(Long.MIN_VALUE)).isZero();
    }

    private static int[] usersPerInstance(HashRing ring, int instances) {
        int[] users = new int[instances];
        for (int user = 0; user < USERS; user++) {
            users[ring.owner("user-" + user)]++;
        }
        return users;
    }
}
