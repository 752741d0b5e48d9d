package com.ticketing.gateway.adapter.grpc;

import static io.grpc.ConnectivityState.CONNECTING;
import static io.grpc.ConnectivityState.IDLE;
import static io.grpc.ConnectivityState.READY;
import static io.grpc.ConnectivityState.SHUTDOWN;
import static io.grpc.ConnectivityState.TRANSIENT_FAILURE;

import io.grpc.Attributes;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code weighted_sticky} policy: one subchannel per address group the resolver offers, each
 * connected at once and kept connected; calls go only to subchannels that are READY, which, under
 * the health-checking wrapper {@link WeightedStickyLoadBalancerProvider} puts around it, means
 * connected and answering SERVING to grpc.health.v1 Watch. Among those, {@link WeightedStickyPicker}
 * picks by weight ({@link #WEIGHT}, default 1) and, when {@link Config#sticky()}, by the caller's
 * user id on a {@link HashRing} of all instances.
 *
 * <p>Channel state: READY while any instance is; otherwise CONNECTING while any is still trying
 * for the first time (calls wait); otherwise TRANSIENT_FAILURE (calls fail UNAVAILABLE at once).
 * An instance that failed counts as failed until it is READY again, not while it merely retries
 * (as in grpc's round_robin), so a flapping instance does not turn failures into waits.
 *
 * <p>Everything but the picker runs in the channel's synchronization context.
 */
final class WeightedStickyLoadBalancer extends LoadBalancer {

    /** An address group's weight, 1..{@link GrpcTarget.Instance#MAX_WEIGHT}; 1 when absent. */
    static final Attributes.Key<Integer> WEIGHT = Attributes.Key.create("com.ticketing.gateway.instance-weight");

    /**
     * An address group's stable name (as configured, e.g. {@code booking-2:50051}), which places it
     * on the hash ring; when absent, the first address's {@code ip:port}.
     */
    static final Attributes.Key<String> INSTANCE_NAME = Attributes.Key.create("com.ticketing.gateway.instance-name");

    /** The parsed service config of the policy. */
    record Config(boolean sticky) {
        static final Config ROUND_ROBIN = new Config(false);
    }

    private static final System.Logger LOG = System.getLogger(WeightedStickyLoadBalancer.class.getName());

    private final Helper helper;
    private final AtomicInteger sequence;
    /** By address list, in the resolver's order. */
    private final Map<List<SocketAddress>, Instance> instances = new LinkedHashMap<>();
    private List<Instance> ordered = List.of();
    private boolean sticky;
    private HashRing ring;
    private List<String> ringNames = List.of();
    private int[] ringWeights = new int[0];
    private ConnectivityState state;
    /** Which instances the READY picker in force uses; null when there is none or it must be rebuilt. */
    private boolean[] pickerReady;

    WeightedStickyLoadBalancer(Helper helper) {
        // Gateways start their rotations at different places, so they do not all hit one instance first.
        this(helper, new AtomicInteger(ThreadLocalRandom.current().nextInt()));
    }

    WeightedStickyLoadBalancer(Helper helper, AtomicInteger sequence) {
        this.helper = helper;
        this.sequence = sequence;
    }

    @Override
    public Status acceptResolvedAddresses(ResolvedAddresses resolved) {
        List<EquivalentAddressGroup> groups = resolved.getAddresses();
        if (groups.isEmpty()) {
            Status error = Status.UNAVAILABLE.withDescription(
                    "the name resolver found no instance of " + helper.getAuthority());
            handleNameResolutionError(error);
            return error;
        }
        boolean wasSticky = sticky;
        sticky = resolved.getLoadBalancingPolicyConfig() instanceof Config config && config.sticky();
        boolean described = false;
        Map<List<SocketAddress>, Instance> next = new LinkedHashMap<>();
        for (EquivalentAddressGroup group : groups) {
            List<SocketAddress> key = group.getAddresses();
            if (next.containsKey(key)) {
                continue;
            }
            Instance instance = instances.remove(key);
            if (instance == null) {
                instance = new Instance(group);
            } else {
                described |= instance.describe(group);
            }
            next.put(key, instance);
        }
        List<Instance> removed = new ArrayList<>(instances.values());
        instances.clear();
        instances.putAll(next);
        List<Instance> previous = ordered;
        ordered = List.copyOf(next.values());
        removed.forEach(instance -> instance.removed = true);
        ring = sticky ? ring() : null;
        if (described || sticky != wasSticky || !ordered.equals(previous)) {
            // The same list again (a re-resolution) keeps the picker in force.
            pickerReady = null;
        }
        updateBalancingState();
        // After the new picker is in force, so that no call is picked onto a subchannel shut down.
        removed.forEach(instance -> instance.subchannel.shutdown());
        return Status.OK;
    }

    @Override
    public void handleNameResolutionError(Status error) {
        if (state != READY) {
            publish(TRANSIENT_FAILURE, new FixedResultPicker(PickResult.withError(error)));
        }
    }

    @Override
    public void requestConnection() {
        for (Instance instance : ordered) {
            if (instance.state.getState() == IDLE) {
                instance.subchannel.requestConnection();
            }
        }
    }

    @Override
    public void shutdown() {
        for (Instance instance : ordered) {
            instance.removed = true;
            instance.subchannel.shutdown();
        }
        instances.clear();
        ordered = List.of();
    }

    private void onState(Instance instance, ConnectivityStateInfo info) {
        ConnectivityState next = info.getState();
        if (instance.removed || next == SHUTDOWN) {
            return;
        }
        if (next == TRANSIENT_FAILURE || next == IDLE) {
            // A restarted instance may be at a new address.
            helper.refreshNameResolution();
        }
        if (next == IDLE) {
            instance.subchannel.requestConnection();
        }
        if (instance.state.getState() == TRANSIENT_FAILURE && next != READY && next != TRANSIENT_FAILURE) {
            return;
        }
        instance.state = info;
        updateBalancingState();
    }

    private void updateBalancingState() {
        int n = ordered.size();
        boolean[] ready = new boolean[n];
        boolean anyReady = false;
        boolean anyConnecting = false;
        Status failure = null;
        for (int i = 0; i < n; i++) {
            ConnectivityStateInfo info = ordered.get(i).state;
            switch (info.getState()) {
                case READY -> {
                    ready[i] = true;
                    anyReady = true;
                }
                case CONNECTING, IDLE -> anyConnecting = true;
                case TRANSIENT_FAILURE -> failure = info.getStatus();
                case SHUTDOWN -> { }
            }
        }
        if (anyReady) {
            if (state == READY && Arrays.equals(ready, pickerReady)) {
                return;
            }
            logRotation(ready);
            pickerReady = ready;
            List<Subchannel> subchannels = new ArrayList<>(n);
            int[] weights = new int[n];
            for (int i = 0; i < n; i++) {
                subchannels.add(ordered.get(i).subchannel);
                weights[i] = ordered.get(i).weight;
            }
            publish(READY, new WeightedStickyPicker(subchannels, weights, ready, ring, sequence));
            return;
        }
        if (pickerReady != null) {
            logRotation(ready);
        }
        pickerReady = null;
        if (anyConnecting) {
            if (state != CONNECTING) {
                publish(CONNECTING, new FixedResultPicker(PickResult.withNoResult()));
            }
        } else {
            Status error = failure == null || failure.isOk()
                    ? Status.UNAVAILABLE.withDescription("no instance of " + helper.getAuthority() + " is ready")
                    : failure;
            publish(TRANSIENT_FAILURE, new FixedResultPicker(PickResult.withError(error)));
        }
    }

    private void publish(ConnectivityState newState, SubchannelPicker picker) {
        state = newState;
        helper.updateBalancingState(newState, picker);
    }

    /** The ring over the current instances, rebuilt only when their names or weights changed. */
    private HashRing ring() {
        List<String> names = new ArrayList<>(ordered.size());
        int[] weights = new int[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            names.add(ordered.get(i).name);
            weights[i] = ordered.get(i).weight;
        }
        if (ring == null || !names.equals(ringNames) || !Arrays.equals(weights, ringWeights)) {
            ringNames = List.copyOf(names);
            ringWeights = weights;
            return HashRing.of(ringNames, ringWeights);
        }
        return ring;
    }

    /** Logs which instances take calls now: INFO, or WARNING when none does. */
    private void logRotation(boolean[] ready) {
        List<String> in = new ArrayList<>();
        for (int i = 0; i < ready.length; i++) {
            if (ready[i]) {
                in.add(ordered.get(i).name);
            }
        }
        System.Logger.Level level = in.isEmpty() ? System.Logger.Level.WARNING : System.Logger.Level.INFO;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "{0}: {1} of {2} instances take calls: {3}", helper.getAuthority(), in.size(),
                    ready.length, in);
        }
    }

    /** One address group: its subchannel, weight, ring name and last state. */
    private final class Instance implements SubchannelStateListener {
        final Subchannel subchannel;
        int weight;
        String name;
        ConnectivityStateInfo state = ConnectivityStateInfo.forNonError(CONNECTING);
        boolean removed;

        Instance(EquivalentAddressGroup group) {
            describe(group);
            subchannel = helper.createSubchannel(CreateSubchannelArgs.newBuilder().setAddresses(group).build());
            subchannel.start(this);
            subchannel.requestConnection();
        }

        /** Takes the group's weight and name; true when either changed. */
        boolean describe(EquivalentAddressGroup group) {
            Integer configured = group.getAttributes().get(WEIGHT);
            int newWeight = configured == null ? GrpcTarget.Instance.DEFAULT_WEIGHT
                    : Math.clamp(configured, 1, GrpcTarget.Instance.MAX_WEIGHT);
            String named = group.getAttributes().get(INSTANCE_NAME);
            String newName = named != null ? named : nameOf(group.getAddresses().get(0));
            boolean changed = newWeight != weight || !newName.equals(name);
            weight = newWeight;
            name = newName;
            return changed;
        }

        @Override
        public void onSubchannelState(ConnectivityStateInfo info) {
            onState(this, info);
        }
    }

    private static String nameOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return address.toString();
    }
}
