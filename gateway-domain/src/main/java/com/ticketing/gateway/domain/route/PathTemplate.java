package com.ticketing.gateway.domain.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path such as {@code /api/v1/bookings/{id}/stream}: literal segments and named variables,
 * each variable matching exactly one non-empty segment.
 */
public final class PathTemplate {

    private final String template;
    private final List<String> segments;
    private final List<String> variables;
    /** Each segment's variable name, null for a literal: read per request, never cut out of the segment again. */
    private final String[] names;

    private PathTemplate(String template, List<String> segments, List<String> variables) {
        this.template = template;
        this.segments = segments;
        this.variables = variables;
        this.names = segments.stream().map(s -> isVariable(s) ? s.substring(1, s.length() - 1) : null)
                .toArray(String[]::new);
    }

    public static PathTemplate parse(String template) {
        if (template == null || !template.startsWith("/") || template.length() > 1 && template.endsWith("/")) {
            throw new IllegalArgumentException("path template must start and not end with '/': " + template);
        }
        List<String> segments = List.of(template.substring(1).split("/", -1));
        List<String> variables = new ArrayList<>();
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("empty segment in " + template);
            }
            if (s.startsWith("{")) {
                if (!s.matches("\\{[a-zA-Z][a-zA-Z0-9]*}")) {
                    throw new IllegalArgumentException("bad variable " + s + " in " + template);
                }
                String name = s.substring(1, s.length() - 1);
                if (variables.contains(name)) {
                    throw new IllegalArgumentException("variable " + name + " twice in " + template);
                }
                variables.add(name);
            } else if (!s.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("bad literal " + s + " in " + template);
            }
        }
        return new PathTemplate(template, segments, List.copyOf(variables));
    }

    /** The variables' values when {@code pathSegments} (already split and decoded) match; an immutable map. */
    public Optional<Map<String, String>> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> values = Map.of();
        for (int i = 0; i < names.length; i++) {
            String actual = pathSegments.get(i);
            if (names[i] == null) {
                if (!segments.get(i).equals(actual)) {
                    return Optional.empty();
                }
            } else if (actual.isEmpty()) {
                return Optional.empty();
            } else {
                values = with(values, names[i], actual);
            }
        }
        return Optional.of(values);
    }

    /** {@code values} and one more; a route has one variable at most so far, so the usual map is {@code Map.of(k, v)}. */
    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        if (values.isEmpty()) {
            return Map.of(name, value);
        }
        Map<String, String> more = new HashMap<>(values);
        more.put(name, value);
        return Map.copyOf(more);
    }

    /** True when both templates match the same set of paths. */
    public boolean sameShape(PathTemplate other) {
        if (segments.size() != other.segments.size()) {
            return false;
        }
        for (int i = 0; i < segments.size(); i++) {
            String a = segments.get(i);
            String b = other.segments.get(i);
            if (isVariable(a) != isVariable(b) || !isVariable(a) && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    public List<String> variables() {
        return variables;
    }

    private static boolean isVariable(String segment) {
        return segment.charAt(0) == '{';
    }

    @Override
    public String toString() {
        return template;
    }
}
