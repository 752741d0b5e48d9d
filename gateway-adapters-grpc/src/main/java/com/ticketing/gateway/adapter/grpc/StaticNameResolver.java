package com.ticketing.gateway.adapter.grpc;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Offers each listed instance as its own address group, so the balancer spreads calls over all;
 * each group carries the instance's weight ({@link WeightedStickyLoadBalancer#WEIGHT}) and its name
 * as configured ({@link WeightedStickyLoadBalancer#INSTANCE_NAME}), which places it on the hash ring
 * whatever its address is now; when asked to, also that name as the authority of its connections
 * ({@link EquivalentAddressGroup#ATTR_AUTHORITY_OVERRIDE}), which TLS checks its certificate against.
 * Host names are looked up off the channel's synchronization context, at start and whenever the
 * channel asks again (after a connection failed), so a restarted instance with a new address is found.
 * Instances whose name does not resolve are left out and looked up again every
 * {@link #RETRY_LEFT_OUT}; none resolving is UNAVAILABLE, which the channel retries with backoff.
 */
final class StaticNameResolver extends NameResolver {

    static final Duration RETRY_LEFT_OUT = Duration.ofSeconds(5);

    private static final System.Logger LOG = System.getLogger(StaticNameResolver.class.getName());

    private final String authority;
    private final List<GrpcTarget.Instance> instances;
    private final boolean authorityPerInstance;
    private final SynchronizationContext syncContext;
    private final Executor lookups;
    private final ScheduledExecutorService timer;
    private Listener2 listener;
    private boolean resolving;
    private boolean shutdown;
    private SynchronizationContext.ScheduledHandle retry;

    StaticNameResolver(String authority, List<GrpcTarget.Instance> instances, boolean authorityPerInstance,
                       Args args) {
        this.authority = authority;
        this.instances = instances;
        this.authorityPerInstance = authorityPerInstance;
        this.syncContext = args.getSynchronizationContext();
        Executor offload = args.getOffloadExecutor();
        this.lookups = offload != null ? offload : Runnable::run;
        this.timer = args.getScheduledExecutorService();
    }

    @Override
    public String getServiceAuthority() {
        return authority;
    }

    @Override
    public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
    }

    @Override
    public void refresh() {
        resolve();
    }

    @Override
    public void shutdown() {
        shutdown = true;
        if (retry != null) {
            retry.cancel();
        }
    }

    private void resolve() {
        if (resolving || shutdown) {
            return;
        }
        resolving = true;
        lookups.execute(() -> {
            List<EquivalentAddressGroup> resolved = lookUp();
            syncContext.execute(() -> deliver(resolved));
        });
    }

    private void deliver(List<EquivalentAddressGroup> resolved) {
        resolving = false;
        if (shutdown) {
            return;
        }
        if (resolved.isEmpty()) {
            listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromStatus(
                    Status.UNAVAILABLE.withDescription("no instance of " + authority + " resolves"))).build());
            return;
        }
        listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(resolved)).build());
        boolean leftOut = resolved.size() < instances.size();
        if (leftOut && timer != null && (retry == null || !retry.isPending())) {
            // The channel asks again only when a connection fails; while the rest serve, nothing fails.
            retry = syncContext.schedule(this::resolve, RETRY_LEFT_OUT.toMillis(), TimeUnit.MILLISECONDS, timer);
        }
    }

    private List<EquivalentAddressGroup> lookUp() {
        List<EquivalentAddressGroup> groups = new ArrayList<>(instances.size());
        for (GrpcTarget.Instance instance : instances) {
            GrpcTarget.HostPort listed = instance.address();
            InetSocketAddress address = new InetSocketAddress(listed.host(), listed.port());
            if (address.isUnresolved()) {
                LOG.log(System.Logger.Level.WARNING, "{0}: instance {1} does not resolve; left out for now",
                        authority, listed);
            } else {
                groups.add(new EquivalentAddressGroup(address, attributes(instance, authorityPerInstance)));
            }
        }
        return List.copyOf(groups);
    }

    static Attributes attributes(GrpcTarget.Instance instance, boolean authorityPerInstance) {
        Attributes.Builder attributes = Attributes.newBuilder()
                .set(WeightedStickyLoadBalancer.WEIGHT, instance.weight())
                .set(WeightedStickyLoadBalancer.INSTANCE_NAME, instance.address().toString());
        if (authorityPerInstance) {
            attributes.set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, instance.address().toString());
        }
        return attributes.build();
    }
}
