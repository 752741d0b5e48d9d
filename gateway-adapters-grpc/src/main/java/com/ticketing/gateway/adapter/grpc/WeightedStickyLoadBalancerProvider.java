package com.ticketing.gateway.adapter.grpc;

import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.Status;
import io.grpc.protobuf.services.HealthCheckingLoadBalancerUtil;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Provides the {@code weighted_sticky} policy ({@link WeightedStickyLoadBalancer}) with grpc's
 * client-side health checking around it, as grpc-services does for round_robin: with
 * {@code "healthCheckConfig": {"serviceName": ""}} in the service config, each subchannel keeps a
 * grpc.health.v1 Watch stream open and is READY to the policy only while it answers SERVING.
 * Service config: {@code {"weighted_sticky": {"sticky": true}}}; {@code sticky} is optional
 * (false: weighted round robin only).
 *
 * <p>grpc-java looks policies up in its process-wide registry only, so {@link #register()} adds
 * this one there, once; its name is specific enough not to meet another policy.
 */
final class WeightedStickyLoadBalancerProvider extends LoadBalancerProvider {

    static final String POLICY_NAME = "weighted_sticky";

    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    private static final LoadBalancer.Factory POLICY = new LoadBalancer.Factory() {
        @Override
        public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
            return new WeightedStickyLoadBalancer(helper);
        }
    };

    /** Adds the policy to grpc's default registry; idempotent and thread-safe. */
    static void register() {
        if (REGISTERED.compareAndSet(false, true)) {
            LoadBalancerRegistry.getDefaultRegistry().register(new WeightedStickyLoadBalancerProvider());
        }
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public int getPriority() {
        return 5;
    }

    @Override
    public String getPolicyName() {
        return POLICY_NAME;
    }

    @Override
    public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
        return HealthCheckingLoadBalancerUtil.newHealthCheckingLoadBalancer(POLICY, helper);
    }

    @Override
    public ConfigOrError parseLoadBalancingPolicyConfig(Map<String, ?> rawConfig) {
        for (String key : rawConfig.keySet()) {
            if (!key.equals("sticky")) {
                return invalid("unknown field '" + key + "'");
            }
        }
        Object sticky = rawConfig.get("sticky");
        if (sticky != null && !(sticky instanceof Boolean)) {
            return invalid("'sticky' must be true or false, got " + sticky);
        }
        return ConfigOrError.fromConfig(new WeightedStickyLoadBalancer.Config(Boolean.TRUE.equals(sticky)));
    }

    private static ConfigOrError invalid(String why) {
        return ConfigOrError.fromError(Status.INTERNAL.withDescription(POLICY_NAME + " config: " + why));
    }
}
