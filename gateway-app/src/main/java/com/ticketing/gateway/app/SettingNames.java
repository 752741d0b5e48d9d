package com.ticketing.gateway.app;

import com.ticketing.gateway.domain.policy.RateLimitPolicy;
import com.ticketing.gateway.domain.route.Upstream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Names that settings refer to, and the environment variable behind each per-name setting. Every
 * name a setting uses — a service key, a limit in RATE_LIMIT_FAIL_CLOSED — must exist: an unknown
 * one refuses to start with a message naming the variable, where a typo would otherwise be ignored
 * (a fail-closed limit silently failing open).
 */
final class SettingNames {

    static final String FAIL_CLOSED = "RATE_LIMIT_FAIL_CLOSED";
    /** The services' names as settings key them: {@code auth-service}, …, {@code booking-worker}. */
    static final Set<String> SERVICES = Arrays.stream(Upstream.values()).map(Upstream::healthName)
            .collect(Collectors.toUnmodifiableSet());

    private SettingNames() {
    }

    /** Refuses service keys that name no service, and services left without settings. */
    static void checkServices(Set<String> configured) {
        for (String name : new TreeSet<>(configured)) {
            if (!SERVICES.contains(name)) {
                throw new IllegalArgumentException("gateway.grpc.services." + name + " names unknown service '" + name
                        + "' (known: " + sorted(SERVICES) + ")");
            }
        }
        for (String service : new TreeSet<>(SERVICES)) {
            if (!configured.contains(service)) {
                throw new IllegalArgumentException(serviceVariable(service, "URL") + " must be set");
            }
        }
    }

    /** What each service's variables end in: GRPC_&lt;SERVICE&gt;_URL, _LB, _COMPRESSION, _DEADLINE_MS. */
    static final List<String> SERVICE_SETTINGS = List.of("URL", "LB", "COMPRESSION", "DEADLINE_MS");
    /**
     * The variables Kubernetes puts in every container for each Service of the namespace (a Service
     * named {@code grpc-payment} gives GRPC_PAYMENT_SERVICE_HOST, GRPC_PAYMENT_PORT_50054_TCP_ADDR, …).
     */
    private static final Pattern KUBERNETES_SERVICE_LINK = Pattern.compile(
            "[A-Z0-9_]+_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\\d+_(TCP|UDP|SCTP)(_(ADDR|PORT|PROTO))?)?)");
    /** The payment service's deadline under its older name, taken as GRPC_PAYMENT_SERVICE_DEADLINE_MS is. */
    static final String PAYMENT_DEADLINE = "GRPC_PAYMENT_DEADLINE_MS";

    /**
     * Refuses a variable among {@code names} that is spelt as a service's setting but names none
     * (GRPC_TICKET_SERVICE_DEADLINE without _MS, GRPC_PAYMENT_URL): read by nothing, it would be
     * ignored. Also refuses the payment service's deadline set under both its names with two values.
     *
     * @param value a variable's value, null when unset
     */
    static void checkServiceVariables(Collection<String> names, Function<String, String> value) {
        for (String name : new TreeSet<>(names)) {
            if (KUBERNETES_SERVICE_LINK.matcher(name).matches()) {
                continue; // what Kubernetes sets for a Service of such a name (grpc-payment): never ours
            }
            for (String service : new TreeSet<>(SERVICES)) {
                String prefix = "GRPC_" + constantCase(service) + "_";
                if (name.startsWith(prefix) && !SERVICE_SETTINGS.contains(name.substring(prefix.length()))) {
                    throw new IllegalArgumentException(name + " is no setting of " + service + " (known: "
                            + SERVICE_SETTINGS.stream().map(setting -> prefix + setting).collect(Collectors.joining(", "))
                            + ")");
                }
            }
            String payment = "GRPC_" + constantCase(Upstream.PAYMENT.healthName()) + "_";
            if (name.startsWith("GRPC_PAYMENT_") && !name.startsWith(payment) && !name.equals(PAYMENT_DEADLINE)) {
                throw new IllegalArgumentException(name + " is no setting of " + Upstream.PAYMENT.healthName()
                        + " (its variables begin with " + payment + "; its deadline is also taken as " + PAYMENT_DEADLINE
                        + ")");
            }
        }
        String both = serviceVariable(Upstream.PAYMENT.healthName(), "DEADLINE_MS");
        String one = value.apply(both);
        String other = value.apply(PAYMENT_DEADLINE);
        if (one != null && other != null && !one.strip().equals(other.strip())) {
            throw new IllegalArgumentException(both + " (" + one + ") and " + PAYMENT_DEADLINE + " (" + other
                    + ") are the same setting: set one of them");
        }
    }

    /** Refuses {@code used} names that are not among {@code known}, naming {@code variable}. */
    static void checkNames(String variable, Collection<String> used, Set<String> known, String kind) {
        for (String name : used) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException(variable + " names unknown " + kind + " '" + name + "' (known: "
                        + sorted(known) + ")");
            }
        }
    }

    /** The variable of one service's setting: {@code GRPC_AUTH_SERVICE_URL} for ("auth-service", "URL"). */
    static String serviceVariable(String service, String setting) {
        return "GRPC_" + constantCase(service) + "_" + setting;
    }

    /**
     * The variable of a service's deadline: GRPC_&lt;SERVICE&gt;_DEADLINE_MS (the payment service's is
     * also taken as GRPC_PAYMENT_DEADLINE_MS).
     */
    static String deadlineVariable(String service) {
        return Upstream.PAYMENT.healthName().equals(service)
                ? serviceVariable(service, "DEADLINE_MS") + " / " + PAYMENT_DEADLINE
                : serviceVariable(service, "DEADLINE_MS");
    }

    /**
     * Runs {@code check}; an {@link IllegalArgumentException} from it is rethrown with {@code variable}
     * before its message (not as its cause: the message is the whole story, and start-up reports the root).
     */
    static void as(String variable, Runnable check) {
        made(variable, () -> {
            check.run();
            return null;
        });
    }

    /** Makes a value as {@link #as} runs a check: a refusal names {@code variable}. */
    static <T> T made(String variable, Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + ": " + e.getMessage());
        }
    }

    /** The variable of a limit's size: {@code RATE_LIMIT_MAX_REQUESTS} for the public limit, else RATE_LIMIT_&lt;NAME&gt;_MAX_REQUESTS. */
    static String limitVariable(String limit) {
        return RateLimitPolicy.PUBLIC.equals(limit) ? "RATE_LIMIT_MAX_REQUESTS" : "RATE_LIMIT_" + constantCase(limit) + "_MAX_REQUESTS";
    }

    private static String constantCase(String name) {
        return name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String sorted(Collection<String> names) {
        return String.join(", ", new TreeSet<>(names));
    }
}
