package com.ticketing.gateway.adapter.grpc;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import java.net.URI;
import java.util.List;

/**
 * Resolves {@code static:///<service>} to a fixed list of instances. One provider per channel:
 * it is registered on that channel only, never in grpc's global registry.
 */
final class StaticNameResolverProvider extends NameResolverProvider {

    static final String SCHEME = "static";

    private final List<GrpcTarget.Instance> instances;
    private final boolean authorityPerInstance;

    /**
     * @param authorityPerInstance whether each instance's connection takes its {@code host:port} as
     *                             authority (which TLS verifies the certificate against) instead of
     *                             the channel's
     */
    StaticNameResolverProvider(List<GrpcTarget.Instance> instances, boolean authorityPerInstance) {
        this.instances = List.copyOf(instances);
        this.authorityPerInstance = authorityPerInstance;
    }

    /** The channel target for a service whose instances this provider knows. */
    static String target(String serviceName) {
        return SCHEME + ":///" + serviceName;
    }

    @Override
    public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
        if (!SCHEME.equals(targetUri.getScheme())) {
            return null;
        }
        String authority = targetUri.getPath().substring(1);
        return new StaticNameResolver(authority, instances, authorityPerInstance, args);
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }

    @Override
    protected boolean isAvailable() {
        return true;
    }

    @Override
    protected int priority() {
        return 5;
    }
}
