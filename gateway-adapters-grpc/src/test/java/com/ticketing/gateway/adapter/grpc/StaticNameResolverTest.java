package com.ticketing.gateway.adapter.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.ProxyDetector;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StaticNameResolverTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final NameResolver.Args args = NameResolver.Args.newBuilder()
            .setDefaultPort(443)
            .setProxyDetector(address -> null)
            .setSynchronizationContext(new SynchronizationContext((thread, e) -> {
                throw new AssertionError(e);
            }))
            .setServiceConfigParser(new NameResolver.ServiceConfigParser() {
                @Override
                public NameResolver.ConfigOrError parseServiceConfig(java.util.Map<String, ?> config) {
                    return NameResolver.ConfigOrError.fromConfig(config);
                }
            })
            .setScheduledExecutorService(timer)
            .setOffloadExecutor(Runnable::run)
            .build();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void offersEachInstanceAsItsOwnAddressGroup() {
        StatusOr<List<EquivalentAddressGroup>> result = resolve(List.of(
                instance("127.0.0.1", 5001, 1), instance("127.0.0.2", 5002, 1)));

        assertThat(result.getValue()).extracting(EquivalentAddressGroup::getAddresses).containsExactly(
                List.of(new InetSocketAddress("127.0.0.1", 5001)), List.of(new InetSocketAddress("127.0.0.2", 5002)));
        assertThat(timer.getQueue()).as("nothing to look up again").isEmpty();
    }

    @Test
    void tellsTheBalancerEachInstancesWeightAndNameAsConfigured() {
        StatusOr<List<EquivalentAddressGroup>> result = resolve(List.of(
                instance("localhost", 5001, 3), instance("127.0.0.1", 5002, 1)));

        assertThat(result.getValue()).extracting(group -> group.getAttributes().get(WeightedStickyLoadBalancer.WEIGHT))
                .containsExactly(3, 1);
        assertThat(result.getValue())
                .extracting(group -> group.getAttributes().get(WeightedStickyLoadBalancer.INSTANCE_NAME))
                .containsExactly("localhost:5001", "127.0.0.1:5002");
    }

    @Test
    void givesEachInstanceItsListedHostAndPortAsAuthorityOnlyWhenAskedTo() {
        List<GrpcTarget.Instance> instances = List.of(instance("localhost", 5001, 1), instance("127.0.0.1", 5002, 1));

        assertThat(resolve(instances, true).getValue())
                .extracting(group -> group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE))
                .containsExactly("localhost:5001", "127.0.0.1:5002");
        assertThat(resolve(instances, false).getValue())
                .extracting(group -> group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE))
                .containsOnlyNulls();
    }

    @Test
    void leavesOutAnInstanceThatDoesNotResolveAndLooksItUpAgainLater() {
        StatusOr<List<EquivalentAddressGroup>> result = resolve(List.of(
                instance("127.0.0.1", 5001, 1), instance("no-such-host.invalid", 5002, 1)));

        assertThat(result.getValue()).extracting(EquivalentAddressGroup::getAddresses)
                .containsExactly(List.of(new InetSocketAddress("127.0.0.1", 5001)));
        assertThat(timer.getQueue()).as("a later look-up is scheduled").hasSize(1);
    }

    @Test
    void isUnavailableWhenNoInstanceResolves() {
        StatusOr<List<EquivalentAddressGroup>> result = resolve(List.of(instance("no-such-host.invalid", 5002, 1)));

        assertThat(result.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(result.getStatus().getDescription()).isEqualTo("no instance of ticket-service resolves");
    }

    @Test
    void takesOnlyItsOwnScheme() {
        StaticNameResolverProvider provider = new StaticNameResolverProvider(List.of(), false);

        assertThat(provider.newNameResolver(URI.create("dns:///ticket-service"), args)).isNull();
    }

    private static GrpcTarget.Instance instance(String host, int port, int weight) {
        return new GrpcTarget.Instance(new GrpcTarget.HostPort(host, port), weight);
    }

    private StatusOr<List<EquivalentAddressGroup>> resolve(List<GrpcTarget.Instance> instances) {
        return resolve(instances, false);
    }

    private StatusOr<List<EquivalentAddressGroup>> resolve(List<GrpcTarget.Instance> instances,
                                                           boolean authorityPerInstance) {
        NameResolver resolver = new StaticNameResolverProvider(instances, authorityPerInstance)
                .newNameResolver(URI.create(StaticNameResolverProvider.target("ticket-service")), args);
        AtomicReference<StatusOr<List<EquivalentAddressGroup>>> delivered = new AtomicReference<>();
        resolver.start(new NameResolver.Listener2() {
            @Override
            public void onResult(NameResolver.ResolutionResult result) {
                delivered.set(result.getAddressesOrError());
            }

            @Override
            public Status onResult2(NameResolver.ResolutionResult result) {
                onResult(result);
                return Status.OK;
            }

            @Override
            public void onError(Status error) {
                delivered.set(StatusOr.fromStatus(error));
            }
        });
        assertThat(resolver.getServiceAuthority()).isEqualTo("ticket-service");
        resolver.shutdown();
        return delivered.get();
    }
}
