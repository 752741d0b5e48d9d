package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service's instances are: a fixed list of {@code host:port} instances, or a
 * {@code dns:///name:port} name whose A/AAAA records are the instances. Calls are spread over
 * all instances either way.
 */
public sealed interface GrpcTarget {

    /** Instances named once, e.g. {@code auth-1:50051,auth-2:50051}; host names are re-resolved on failures. */
    record Instances(List<HostPort> instances) implements GrpcTarget {
        public Instances {
            instances = List.copyOf(instances);
            if (instances.isEmpty()) {
                throw new IllegalArgumentException("at least one instance is needed");
            }
        }
    }

    /** A name resolved by grpc's DNS resolver, e.g. {@code dns:///booking-service:50051}. */
    record Dns(HostPort name) implements GrpcTarget {
        public Dns {
            Objects.requireNonNull(name, "name");
        }

        /** The channel target, as grpc's DNS resolver reads it. */
        public String channelTarget() {
            return "dns:///" + name;
        }
    }

    /** One host (a name, an IPv4 address or a bracketed IPv6 address) and port. */
    record HostPort(String host, int port) {

        private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+):(\\d{1,5})");

        public HostPort {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, got " + port);
            }
        }

        /** Parses {@code host:port}; IPv6 hosts in brackets. */
        static HostPort parse(String text) {
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                throw new IllegalArgumentException("expected host:port");
            }
            String host = m.group(1);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            return new HostPort(host, Integer.parseInt(m.group(2)));
        }

        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * Parses a target as configured (e.g. {@code GRPC_AUTH_SERVICE_URL}).
     *
     * @throws IllegalArgumentException naming the service when the text is not a target
     */
    static GrpcTarget parse(Upstream service, String text) {
        Objects.requireNonNull(service, "service");
        try {
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("it is empty");
            }
            String trimmed = text.strip();
            if (trimmed.startsWith("dns:")) {
                if (!trimmed.startsWith("dns:///")) {
                    throw new IllegalArgumentException("a DNS target must be dns:///name:port");
                }
                return new Dns(HostPort.parse(trimmed.substring("dns:///".length())));
            }
            List<HostPort> instances = new ArrayList<>();
            for (String part : trimmed.split(",", -1)) {
                instances.add(HostPort.parse(part.strip()));
            }
            if (new LinkedHashSet<>(instances).size() != instances.size()) {
                throw new IllegalArgumentException("an instance is listed twice");
            }
            return new Instances(instances);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gRPC target of " + service.healthName() + " must be a comma-separated"
                    + " list of host:port or dns:///name:port, got '" + Texts.cap(text, 100) + "': " + e.getMessage(), e);
        }
    }
}
