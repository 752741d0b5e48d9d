package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a service's instances are: a fixed list of {@code host:port} instances, each optionally
 * weighted ({@code host:port;weight=3}), or a {@code dns:///name:port} name whose A/AAAA records
 * are the instances (all of weight 1). Calls are spread over all instances either way.
 */
public sealed interface GrpcTarget {

    /**
     * Instances named once, e.g. {@code auth-1:50051;weight=3,auth-2:50051}; host names are
     * re-resolved on failures.
     */
    record Instances(List<Instance> instances) implements GrpcTarget {
        public Instances {
            instances = List.copyOf(instances);
            if (instances.isEmpty()) {
                throw new IllegalArgumentException("at least one instance is needed");
            }
        }

        /** True when the instances' weights differ, so that a plain round robin would not honour them. */
        public boolean weighted() {
            return instances.stream().mapToInt(Instance::weight).distinct().count() > 1;
        }
    }

    /**
     * One listed instance and its share of the calls relative to the others: an instance of
     * weight 3 gets three times the calls of one of weight 1 (and three times the users, when
     * calls stick to users).
     */
    record Instance(HostPort address, int weight) {

        public static final int DEFAULT_WEIGHT = 1;
        public static final int MAX_WEIGHT = 100;

        private static final Pattern WEIGHT = Pattern.compile("\\d{1,3}");

        public Instance {
            Objects.requireNonNull(address, "address");
            if (weight < 1 || weight > MAX_WEIGHT) {
                throw new IllegalArgumentException("weight must be 1.." + MAX_WEIGHT + ", got " + weight);
            }
        }

        /** An instance of the default weight. */
        public Instance(HostPort address) {
            this(address, DEFAULT_WEIGHT);
        }

        /** Parses {@code host:port} or {@code host:port;weight=N}. */
        static Instance parse(String text) {
            String[] parts = text.split(";", -1);
            HostPort address = HostPort.parse(parts[0].strip());
            Integer weight = null;
            for (int i = 1; i < parts.length; i++) {
                String option = parts[i].strip();
                int equals = option.indexOf('=');
                String name = equals < 0 ? option : option.substring(0, equals).strip();
                if (!name.equals("weight")) {
                    throw new IllegalArgumentException("an instance takes only ;weight=N, got ';" + option + "'");
                }
                if (weight != null) {
                    throw new IllegalArgumentException("an instance's weight is given twice");
                }
                String value = equals < 0 ? "" : option.substring(equals + 1).strip();
                if (!WEIGHT.matcher(value).matches()) {
                    throw new IllegalArgumentException("weight must be a whole number 1.." + MAX_WEIGHT
                            + ", got '" + value + "'");
                }
                weight = Integer.parseInt(value);
            }
            return new Instance(address, weight == null ? DEFAULT_WEIGHT : weight);
        }

        @Override
        public String toString() {
            return weight == DEFAULT_WEIGHT ? address.toString() : address + ";weight=" + weight;
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
            List<Instance> instances = new ArrayList<>();
            Set<HostPort> addresses = new HashSet<>();
            for (String part : trimmed.split(",", -1)) {
                Instance instance = Instance.parse(part.strip());
                if (!addresses.add(instance.address())) {
                    throw new IllegalArgumentException("an instance is listed twice");
                }
                instances.add(instance);
            }
            return new Instances(instances);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gRPC target of " + service.healthName() + " must be a comma-separated"
                    + " list of host:port[;weight=N] (N in 1.." + Instance.MAX_WEIGHT + ") or dns:///name:port, got '"
                    + UntrustedText.cap(text, 100) + "': " + e.getMessage(), e);
        }
    }
}
