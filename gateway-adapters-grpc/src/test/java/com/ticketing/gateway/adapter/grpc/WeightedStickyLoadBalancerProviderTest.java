package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.LoadBalancerRegistry;
import io.grpc.NameResolver.ConfigOrError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedStickyLoadBalancerProviderTest {

    private final WeightedStickyLoadBalancerProvider provider = new WeightedStickyLoadBalancerProvider();

    @Test
    void readsStickyFromTheServiceConfig() {
        assertThat(provider.parseLoadBalancingPolicyConfig(Map.of("sticky", true)).getConfig())
                .isEqualTo(new WeightedStickyLoadBalancer.Config(true));
        assertThat(provider.parseLoadBalancingPolicyConfig(Map.of("sticky", false)).getConfig())
                .isEqualTo(new WeightedStickyLoadBalancer.Config(false));
        assertThat(provider.parseLoadBalancingPolicyConfig(Map.of()).getConfig())
                .isEqualTo(WeightedStickyLoadBalancer.Config.ROUND_ROBIN);
    }

    @Test
    void refusesWhatItDoesNotKnow() {
        ConfigOrError typo = provider.parseLoadBalancingPolicyConfig(Map.of("stickyy", true));
        ConfigOrError notABoolean = provider.parseLoadBalancingPolicyConfig(Map.of("sticky", "yes"));

        assertThat(typo.getError()).isNotNull();
        assertThat(typo.getError().getDescription()).isEqualTo("weighted_sticky config: unknown field 'stickyy'");
        assertThat(notABoolean.getError()).isNotNull();
    }

    @Test
    void registersInGrpcsRegistryOnce() {
        WeightedStickyLoadBalancerProvider.register();
        WeightedStickyLoadBalancerProvider.register();

        assertThat(LoadBalancerRegistry.getDefaultRegistry().getProvider("weighted_sticky"))
                .isInstanceOf(WeightedStickyLoadBalancerProvider.class);
    }
}
