package com.ticketing.gateway.adapter.grpc;

import com.ticketing.gateway.domain.route.Upstream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads a per-service setting that is one of an enum's configuration words. */
final class EnumSetting {

    private EnumSetting() {
    }

    /**
     * The constant whose {@code word} is {@code text} (any case, surrounding blanks ignored);
     * {@code fallback} for null or blank text.
     *
     * @param setting what the setting is, for the message (e.g. {@code load balancing})
     * @throws IllegalArgumentException naming the setting, the service and the accepted words otherwise
     */
    static <E extends Enum<E>> E parse(Upstream service, String text, E fallback, Function<E, String> word,
                                       String setting) {
        Objects.requireNonNull(service, "service");
        if (text == null || text.isBlank()) {
            return fallback;
        }
        String given = text.strip().toLowerCase(Locale.ROOT);
        E[] constants = fallback.getDeclaringClass().getEnumConstants();
        for (E constant : constants) {
            if (word.apply(constant).equals(given)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("gRPC " + setting + " of " + service.healthName() + " must be "
                + Arrays.stream(constants).map(word).collect(Collectors.joining(" or "))
                + ", got '" + UntrustedText.cap(text, 40) + "'");
    }
}
