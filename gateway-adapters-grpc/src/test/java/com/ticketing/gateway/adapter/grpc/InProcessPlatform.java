package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-process server holding fake services, and {@link GrpcChannels} whose five channels reach it. */
final class InProcessPlatform implements AutoCloseable {

    private final Server server;
    private final GrpcChannels channels;
    private final Map<Upstream, ResetCountingChannel> counted = new EnumMap<>(Upstream.class);
    private final List<Metadata> receivedHeaders = new CopyOnWriteArrayList<>();

    InProcessPlatform(List<BindableService> services, List<ServerServiceDefinition> definitions) throws IOException {
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).intercept(new ServerInterceptor() {
            @Override
            public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
                    Metadata headers, ServerCallHandler<ReqT, RespT> next) {
                receivedHeaders.add(headers);
                return next.startCall(call, headers);
            }
        });
        services.forEach(builder::addService);
        definitions.forEach(builder::addService);
        this.server = builder.build().start();
        Map<Upstream, ManagedChannel> channels = new EnumMap<>(Upstream.class);
        for (Upstream service : Upstream.values()) {
            ResetCountingChannel channel = new ResetCountingChannel(InProcessChannelBuilder.forName(name).build());
            counted.put(service, channel);
            channels.put(service, channel);
        }
        this.channels = new GrpcChannels(channels);
    }

    static InProcessPlatform of(BindableService... services) throws IOException {
        return new InProcessPlatform(List.of(services), List.of());
    }

    GrpcChannels channels() {
        return channels;
    }

    /** How often the channel of {@code service} was told to reset its reconnect backoff. */
    int connectBackoffResets(Upstream service) {
        return counted.get(service).resets();
    }

    /** The metadata of every call the server received, in order. */
    List<Metadata> receivedHeaders() {
        return receivedHeaders;
    }

    Metadata lastHeaders() {
        return receivedHeaders.getLast();
    }

    void stopServer() {
        server.shutdownNow();
    }

    @Override
    public void close() {
        channels.close();
        server.shutdownNow();
    }
}
