package com.ticketing.gateway.adapter.grpc;

import com.ticketing.proto.CallHeaders;
import io.grpc.LoadBalancer.PickResult;
import io.grpc.LoadBalancer.PickSubchannelArgs;
import io.grpc.LoadBalancer.Subchannel;
import io.grpc.LoadBalancer.SubchannelPicker;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Picks among the instances that are ready (connected and SERVING), built by
 * {@link WeightedStickyLoadBalancer} whenever that set changes. A call carrying
 * {@code x-user-id} goes, when sticky, to the owner of the user on the ring restricted to the
 * ready instances; any other call takes the next turn of the weighted rotation. Immutable but for
 * the rotation's counter, which the balancer shares among its pickers: thread-safe, lock-free,
 * and a pick allocates nothing but the user id string grpc parses from the headers.
 */
final class WeightedStickyPicker extends SubchannelPicker {

    private final PickResult[] rotation;
    private final AtomicInteger sequence;
    private final HashRing ring;
    private final PickResult[] byInstance;
    private final List<Subchannel> ready;

    /**
     * @param subchannels every instance's subchannel, indexed like the ring's instances
     * @param weights     every instance's weight
     * @param ready       which instances may take calls; at least one
     * @param ring        the ring over all instances, or null when calls do not stick to users
     * @param sequence    the rotation's counter
     */
    WeightedStickyPicker(List<Subchannel> subchannels, int[] weights, boolean[] ready, HashRing ring,
                         AtomicInteger sequence) {
        int n = subchannels.size();
        if (weights.length != n || ready.length != n) {
            throw new IllegalArgumentException("one weight and one flag per instance");
        }
        this.sequence = sequence;
        this.byInstance = new PickResult[n];
        int readyCount = 0;
        for (int i = 0; i < n; i++) {
            if (ready[i]) {
                byInstance[i] = PickResult.withSubchannel(subchannels.get(i));
                readyCount++;
            }
        }
        if (readyCount == 0) {
            throw new IllegalArgumentException("no ready instance");
        }
        int[] candidates = new int[readyCount];
        int[] candidateWeights = new int[readyCount];
        Subchannel[] readySubchannels = new Subchannel[readyCount];
        for (int i = 0, at = 0; i < n; i++) {
            if (ready[i]) {
                candidates[at] = i;
                candidateWeights[at] = weights[i];
                readySubchannels[at] = subchannels.get(i);
                at++;
            }
        }
        int[] cycle = WeightedRotation.cycle(candidateWeights);
        this.rotation = new PickResult[cycle.length];
        for (int i = 0; i < cycle.length; i++) {
            rotation[i] = byInstance[candidates[cycle[i]]];
        }
        this.ring = ring == null ? null : ring.restrictTo(ready);
        this.ready = List.of(readySubchannels);
    }

    @Override
    public PickResult pickSubchannel(PickSubchannelArgs args) {
        if (ring != null) {
            String user = args.getHeaders().get(CallHeaders.USER_ID);
            if (user != null && !user.isEmpty()) {
                return byInstance[ring.owner(user)];
            }
        }
        return rotation[(sequence.getAndIncrement() & Integer.MAX_VALUE) % rotation.length];
    }

    /** Whether calls stick to users. */
    boolean sticky() {
        return ring != null;
    }

    /** The subchannels that take calls, in instance order. */
    List<Subchannel> ready() {
        return ready;
    }

    @Override
    public String toString() {
        return "WeightedStickyPicker{sticky=" + sticky() + ", ready=" + ready.size() + ", cycle=" + rotation.length + "}";
    }
}
