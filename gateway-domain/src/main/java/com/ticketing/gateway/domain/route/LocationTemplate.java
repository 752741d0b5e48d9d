package com.ticketing.gateway.domain.route;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code Location} header template such as {@code /api/v1/bookings/{bookingId}}: literal text and
 * variables named after fields of the reply. Parsed once, when the route table is built; filled
 * for each created resource.
 *
 * @param text      the template as declared
 * @param variables the reply fields it names, in order of first use
 */
public record LocationTemplate(String text, Set<String> variables, List<Part> parts) {

    /** Literal text, or a variable to replace by its reply field's path-encoded value. */
    public record Part(String text, boolean variable) {
    }

    public LocationTemplate {
        Objects.requireNonNull(text, "text");
        variables = Set.copyOf(variables);
        parts = List.copyOf(parts);
    }

    /**
     * @throws IllegalArgumentException for an unclosed or empty {@code {}}, a nested brace, or a
     *                                  variable name that is not a field name
     */
    public static LocationTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Part> parts = new ArrayList<>();
        Set<String> variables = new LinkedHashSet<>();
        int from = 0;
        int open = text.indexOf('{');
        while (open >= 0) {
            int close = text.indexOf('}', open);
            String name = close < 0 ? "" : text.substring(open + 1, close);
            if (!isFieldName(name)) {
                throw new IllegalArgumentException("location template '" + text + "': each {…} must name a reply field");
            }
            if (open > from) {
                parts.add(new Part(text.substring(from, open), false));
            }
            parts.add(new Part(name, true));
            variables.add(name);
            from = close + 1;
            open = text.indexOf('{', from);
        }
        if (text.indexOf('}', from) >= 0) {
            throw new IllegalArgumentException("location template '" + text + "': a '}' closes no variable");
        }
        if (from < text.length()) {
            parts.add(new Part(text.substring(from), false));
        }
        return new LocationTemplate(text, variables, parts);
    }

    private static boolean isFieldName(String name) {
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c) || c == '_');
    }

    /** The template with each variable replaced by its path-encoded value; empty when one is missing or empty. */
    public Optional<String> fill(Map<String, String> values) {
        StringBuilder location = new StringBuilder(text.length() + 32);
        for (Part part : parts) {
            if (!part.variable()) {
                location.append(part.text());
                continue;
            }
            String value = values.get(part.text());
            if (value == null || value.isEmpty()) {
                return Optional.empty();
            }
            location.append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return Optional.of(location.toString());
    }

    @Override
    public String toString() {
        return text;
    }
}
