package com.ticketing.gateway.adapter.grpc;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A consistent-hash ring over instances 0..n-1: each instance owns {@code weight × pointsPerWeight}
 * points, placed by hashing the instance's name with the point's number, so every gateway with
 * the same instance list builds the same ring. A key belongs to the owner of the first point at or
 * after the key's hash, going round. Taking instances out ({@link #restrictTo}) keeps the other
 * points where they are, so only the keys of the instances taken out move, each to the owner of
 * the next point that stays; they come back when the instance does. Immutable and thread-safe;
 * {@link #owner} neither locks nor allocates.
 */
final class HashRing {

    /** Points per unit of weight while the ring stays under {@link #MAX_POINTS}. */
    static final int POINTS_PER_WEIGHT = 256;

    /** Above this many points in all, every instance gets proportionally fewer (at least one per weight unit). */
    static final int MAX_POINTS = 1 << 16;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long[] points;
    private final int[] owners;
    private final int instances;

    private HashRing(long[] points, int[] owners, int instances) {
        this.points = points;
        this.owners = owners;
        this.instances = instances;
    }

    /**
     * Builds the ring of instances named {@code names} (stable identities, e.g. {@code host:port})
     * with {@code weights}, both indexed by instance.
     */
    static HashRing of(List<String> names, int[] weights) {
        Objects.requireNonNull(names, "names");
        if (names.size() != weights.length || names.isEmpty()) {
            throw new IllegalArgumentException("one weight per instance, at least one instance");
        }
        long totalWeight = 0;
        for (int weight : weights) {
            if (weight < 1) {
                throw new IllegalArgumentException("weights must be positive");
            }
            totalWeight += weight;
        }
        int perWeight = (int) Math.max(1, Math.min(POINTS_PER_WEIGHT, MAX_POINTS / totalWeight));
        int size = Math.toIntExact(totalWeight * perWeight);
        long[] hashes = new long[size];
        int[] owners = new int[size];
        int at = 0;
        for (int instance = 0; instance < weights.length; instance++) {
            String prefix = names.get(instance) + "#";
            for (int i = 0, count = weights[instance] * perWeight; i < count; i++) {
                hashes[at] = hash(prefix + i);
                owners[at] = instance;
                at++;
            }
        }
        // Sort points by hash (ties by instance, for the same ring everywhere), owners alongside.
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> hashes[a] != hashes[b] ? Long.compare(hashes[a], hashes[b])
                : Integer.compare(owners[a], owners[b]));
        long[] sortedPoints = new long[size];
        int[] sortedOwners = new int[size];
        for (int i = 0; i < size; i++) {
            sortedPoints[i] = hashes[order[i]];
            sortedOwners[i] = owners[order[i]];
        }
        return new HashRing(sortedPoints, sortedOwners, weights.length);
    }

    /**
     * The same ring with only the points of the instances marked in {@code keep} (indexed like the
     * instances this ring was built from); instance numbers stay the same.
     *
     * @throws IllegalArgumentException when no instance is kept
     */
    HashRing restrictTo(boolean[] keep) {
        if (keep.length != instances) {
            throw new IllegalArgumentException("one flag per instance");
        }
        int size = 0;
        for (int owner : owners) {
            if (keep[owner]) {
                size++;
            }
        }
        if (size == 0) {
            throw new IllegalArgumentException("no instance kept");
        }
        if (size == owners.length) {
            return this;
        }
        long[] keptPoints = new long[size];
        int[] keptOwners = new int[size];
        int at = 0;
        for (int i = 0; i < owners.length; i++) {
            if (keep[owners[i]]) {
                keptPoints[at] = points[i];
                keptOwners[at] = owners[i];
                at++;
            }
        }
        return new HashRing(keptPoints, keptOwners, instances);
    }

    /** The instance that {@code key} belongs to. */
    int owner(String key) {
        return ownerOfHash(hash(key));
    }

    int ownerOfHash(long hash) {
        int index = Arrays.binarySearch(points, hash);
        if (index < 0) {
            index = -index - 1;
            if (index == points.length) {
                index = 0;
            }
        }
        return owners[index];
    }

    /** How many points the ring has, for tests. */
    int size() {
        return points.length;
    }

    /** How many points {@code instance} owns, for tests. */
    int pointsOf(int instance) {
        int count = 0;
        for (int owner : owners) {
            if (owner == instance) {
                count++;
            }
        }
        return count;
    }

    /**
     * A 64-bit hash of the text's UTF-16 units: FNV-1a, then MurmurHash3's finalizer so that similar
     * texts (user-1, user-2, …) land far apart. The same on every JVM; does not allocate.
     */
    static long hash(CharSequence text) {
        long h = FNV_OFFSET;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            h = (h ^ (c & 0xff)) * FNV_PRIME;
            h = (h ^ (c >>> 8)) * FNV_PRIME;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
