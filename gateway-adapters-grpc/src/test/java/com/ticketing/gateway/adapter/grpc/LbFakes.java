package com.ticketing.gateway.adapter.grpc;

import com.ticketing.proto.CallHeaders;
import com.ticketing.proto.ticket.TicketServiceGrpc;
import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.LoadBalancer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.ArrayList;
import java.util.List;

/** Hand-made subchannels, helper and pick arguments for the load-balancing unit tests. */
final class LbFakes {

    private LbFakes() {
    }

    /** Pick arguments of a call carrying {@code userId} as x-user-id (none when null). */
    static LoadBalancer.PickSubchannelArgs call(String userId) {
        Metadata headers = new Metadata();
        if (userId != null) {
            headers.put(CallHeaders.USER_ID, userId);
        }
        return new LoadBalancer.PickSubchannelArgs() {
            @Override
            public CallOptions getCallOptions() {
                return CallOptions.DEFAULT;
            }

            @Override
            public Metadata getHeaders() {
                return headers;
            }

            @Override
            public MethodDescriptor<?, ?> getMethodDescriptor() {
                return TicketServiceGrpc.getGetEventByIdMethod();
            }
        };
    }

    /** A subchannel that only records what the balancer asks of it. */
    static class FakeSubchannel extends LoadBalancer.Subchannel {
        final String name;
        final List<EquivalentAddressGroup> addresses;
        LoadBalancer.SubchannelStateListener listener;
        int connectionRequests;
        boolean shutdown;

        FakeSubchannel(String name, List<EquivalentAddressGroup> addresses) {
            this.name = name;
            this.addresses = addresses;
        }

        FakeSubchannel(String name) {
            this(name, List.of());
        }

        @Override
        public void start(LoadBalancer.SubchannelStateListener listener) {
            this.listener = listener;
        }

        /** Tells the balancer this subchannel is now in {@code state}. */
        void becomes(ConnectivityState state) {
            listener.onSubchannelState(ConnectivityStateInfo.forNonError(state));
        }

        void fails(io.grpc.Status status) {
            listener.onSubchannelState(ConnectivityStateInfo.forTransientFailure(status));
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public void requestConnection() {
            connectionRequests++;
        }

        @Override
        public List<EquivalentAddressGroup> getAllAddresses() {
            return addresses;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A helper that makes {@link FakeSubchannel}s (named by their first address) and records every balancing state. */
    static final class FakeHelper extends LoadBalancer.Helper {
        final List<FakeSubchannel> created = new ArrayList<>();
        final List<ConnectivityState> states = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        LoadBalancer.SubchannelPicker picker;
        int refreshes;

        @Override
        public LoadBalancer.Subchannel createSubchannel(LoadBalancer.CreateSubchannelArgs args) {
            FakeSubchannel subchannel = new FakeSubchannel(
                    args.getAddresses().get(0).getAttributes().get(WeightedStickyLoadBalancer.INSTANCE_NAME),
                    args.getAddresses()) {
                @Override
                public void shutdown() {
                    super.shutdown();
                    events.add("shutdown " + this);
                }
            };
            created.add(subchannel);
            return subchannel;
        }

        @Override
        public void updateBalancingState(ConnectivityState newState, LoadBalancer.SubchannelPicker newPicker) {
            states.add(newState);
            picker = newPicker;
            events.add("state " + newState);
        }

        @Override
        public void refreshNameResolution() {
            refreshes++;
        }

        @Override
        public ManagedChannel createOobChannel(EquivalentAddressGroup eag, String authority) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getAuthority() {
            return "ticket-service";
        }

        ConnectivityState state() {
            return states.get(states.size() - 1);
        }

        FakeSubchannel subchannel(String name) {
            return created.stream().filter(s -> s.name.equals(name)).reduce((a, b) -> b).orElseThrow();
        }
    }
}
