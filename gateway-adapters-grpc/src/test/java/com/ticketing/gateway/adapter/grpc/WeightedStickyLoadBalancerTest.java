package com.ticketing.gateway.adapter.grpc;

import static io.grpc.ConnectivityState.CONNECTING;
import static io.grpc.ConnectivityState.IDLE;
import static io.grpc.ConnectivityState.READY;
import static io.grpc.ConnectivityState.TRANSIENT_FAILURE;
import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.adapter.grpc.LbFakes.FakeHelper;
import com.ticketing.gateway.adapter.grpc.LbFakes.FakeSubchannel;
import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The balancer's bookkeeping of subchannels and states, with hand-made subchannels. */
class WeightedStickyLoadBalancerTest {

    private final FakeHelper helper = new FakeHelper();
    private final WeightedStickyLoadBalancer balancer = new WeightedStickyLoadBalancer(helper, new AtomicInteger());

    @Test
    void connectsToEveryInstanceAtOnceAndLetsCallsWaitMeanwhile() {
        accept(false, instance("a", 1, 3), instance("b", 2, 1));

        assertThat(helper.created).extracting(s -> s.name).containsExactly("a", "b");
        assertThat(helper.created).allSatisfy(s -> assertThat(s.connectionRequests).isEqualTo(1));
        assertThat(helper.state()).isEqualTo(CONNECTING);
        assertThat(helper.picker.pickSubchannel(LbFakes.call(null)).hasResult()).isFalse();
    }

    @Test
    void sendsCallsOnlyToReadyInstancesByWeight() {
        accept(false, instance("a", 1, 3), instance("b", 2, 1));

        sub("b").becomes(READY);
        assertThat(helper.state()).isEqualTo(READY);
        assertThat(picks(8, null)).isEqualTo(Map.of("b", 8));

        sub("a").becomes(READY);
        assertThat(picks(400, null)).isEqualTo(Map.of("a", 300, "b", 100));
    }

    @Test
    void anInstanceThatFailsLeavesTheRotationUntilItIsReadyAgainNotMerelyConnecting() {
        accept(false, instance("a", 1, 1), instance("b", 2, 1));
        sub("a").becomes(READY);
        sub("b").becomes(READY);

        sub("a").fails(Status.UNAVAILABLE.withDescription("Health-check service responded NOT_SERVING"));
        assertThat(picks(10, null)).isEqualTo(Map.of("b", 10));
        assertThat(helper.refreshes).as("a restarted instance may have a new address").isEqualTo(1);

        sub("a").becomes(CONNECTING);
        assertThat(picks(10, null)).isEqualTo(Map.of("b", 10));

        sub("a").becomes(READY);
        assertThat(picks(10, null)).isEqualTo(Map.of("a", 5, "b", 5));
    }

    @Test
    void withEveryInstanceFailedCallsFailAtOnceWithTheLastFailure() {
        accept(false, instance("a", 1, 1), instance("b", 2, 1));
        sub("a").becomes(READY);
        sub("b").fails(Status.UNAVAILABLE.withDescription("connection refused"));

        sub("a").fails(Status.UNAVAILABLE.withDescription("NOT_SERVING"));

        assertThat(helper.state()).isEqualTo(TRANSIENT_FAILURE);
        LoadBalancer.PickResult result = helper.picker.pickSubchannel(LbFakes.call(null));
        assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(result.getStatus().getDescription()).isIn("NOT_SERVING", "connection refused");
    }

    @Test
    void reconnectsAnInstanceThatWentIdle() {
        accept(false, instance("a", 1, 1));
        sub("a").becomes(READY);

        sub("a").becomes(IDLE);

        assertThat(sub("a").connectionRequests).isEqualTo(2);
        assertThat(helper.state()).isEqualTo(CONNECTING);
    }

    @Test
    void keepsSubchannelsOfInstancesStillListedAndShutsDownOthersAfterTheNewPickerIsInForce() {
        accept(false, instance("a", 1, 1), instance("b", 2, 1));
        sub("a").becomes(READY);
        sub("b").becomes(READY);
        helper.events.clear();

        accept(false, instance("a", 1, 2), instance("c", 3, 1));

        assertThat(helper.created).extracting(s -> s.name).containsExactly("a", "b", "c");
        assertThat(sub("b").shutdown).isTrue();
        assertThat(sub("a").shutdown).isFalse();
        assertThat(helper.events).containsExactly("state READY", "shutdown b");
        assertThat(picks(10, null)).isEqualTo(Map.of("a", 10));
        sub("b").becomes(READY);
        assertThat(picks(10, null)).as("a removed instance stays out").isEqualTo(Map.of("a", 10));
        sub("c").becomes(READY);
        assertThat(picks(30, null)).as("the new weight of a counts").isEqualTo(Map.of("a", 20, "c", 10));
    }

    @Test
    void theSameListAgainKeepsThePickerInForceAndAChangedConfigReplacesIt() {
        accept(false, instance("a", 1, 1), instance("b", 2, 1));
        sub("a").becomes(READY);
        LoadBalancer.SubchannelPicker picker = helper.picker;
        int updates = helper.states.size();

        accept(false, instance("a", 1, 1), instance("b", 2, 1));

        assertThat(helper.picker).isSameAs(picker);
        assertThat(helper.states).hasSize(updates);
        assertThat(helper.created).hasSize(2);

        accept(true, instance("a", 1, 1), instance("b", 2, 1));

        assertThat(helper.picker).isInstanceOfSatisfying(WeightedStickyPicker.class,
                sticky -> assertThat(sticky.sticky()).isTrue());
        assertThat(helper.created).hasSize(2);
    }

    @Test
    void withStickyConfigCallsOfAUserStickToOneInstance() {
        accept(true, instance("a", 1, 1), instance("b", 2, 1));
        sub("a").becomes(READY);
        sub("b").becomes(READY);

        Map<String, Integer> users = new HashMap<>();
        for (int user = 0; user < 200; user++) {
            Map<String, Integer> picks = picks(5, "user-" + user);
            assertThat(picks).hasSize(1);
            users.merge(picks.keySet().iterator().next(), 1, Integer::sum);
        }
        assertThat(users).containsOnlyKeys("a", "b");
    }

    @Test
    void aNameResolutionErrorFailsCallsOnlyWhileNothingIsReady() {
        balancer.handleNameResolutionError(Status.UNAVAILABLE.withDescription("no instance resolves"));
        assertThat(helper.state()).isEqualTo(TRANSIENT_FAILURE);

        accept(false, instance("a", 1, 1));
        sub("a").becomes(READY);
        balancer.handleNameResolutionError(Status.UNAVAILABLE.withDescription("dns down"));

        assertThat(helper.state()).isEqualTo(READY);
    }

    @Test
    void refusesAnEmptyAddressList() {
        Status status = balancer.acceptResolvedAddresses(LoadBalancer.ResolvedAddresses.newBuilder()
                .setAddresses(List.of()).build());

        assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(helper.state()).isEqualTo(TRANSIENT_FAILURE);
    }

    @Test
    void shutsEverySubchannelDownWithItself() {
        accept(false, instance("a", 1, 1), instance("b", 2, 1));

        balancer.shutdown();

        assertThat(helper.created).allSatisfy(s -> assertThat(s.shutdown).isTrue());
    }

    @Test
    void namesAnInstanceWithoutAConfiguredNameByItsAddressAndGivesItWeightOne() {
        accept(true, new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", 7001)));

        assertThat(helper.created).hasSize(1);
        helper.created.get(0).becomes(READY);
        assertThat(helper.state()).isEqualTo(READY);
    }

    private void accept(boolean sticky, EquivalentAddressGroup... groups) {
        Status status = balancer.acceptResolvedAddresses(LoadBalancer.ResolvedAddresses.newBuilder()
                .setAddresses(List.of(groups))
                .setLoadBalancingPolicyConfig(new WeightedStickyLoadBalancer.Config(sticky))
                .build());
        assertThat(status.isOk()).isTrue();
    }

    private static EquivalentAddressGroup instance(String name, int port, int weight) {
        return new EquivalentAddressGroup(new InetSocketAddress("127.0.0.1", port), Attributes.newBuilder()
                .set(WeightedStickyLoadBalancer.WEIGHT, weight)
                .set(WeightedStickyLoadBalancer.INSTANCE_NAME, name)
                .build());
    }

    private FakeSubchannel sub(String name) {
        return helper.subchannel(name);
    }

    private Map<String, Integer> picks(int count, String user) {
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < count; i++) {
            LoadBalancer.PickResult result = helper.picker.pickSubchannel(LbFakes.call(user));
            picks.merge(String.valueOf(result.getSubchannel()), 1, Integer::sum);
        }
        return picks;
    }
}
