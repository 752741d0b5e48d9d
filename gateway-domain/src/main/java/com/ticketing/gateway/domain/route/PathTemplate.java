package com.ticketing.gateway.domain.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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

    private PathTemplate(String template, List<String> segments, List<String> variables) {
        this.template = template;
        this.segments = segments;
        this.variables = variables;
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

    /** The variables' values when {@code pathSegments} (already split and decoded) match. */
    public Optional<Map<String, String>> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> values = null;
        for (int i = 0; i < segments.size(); i++) {
            String pattern = segments.get(i);
            String actual = pathSegments.get(i);
            if (isVariable(pattern)) {
                if (actual.isEmpty()) {
                    return Optional.empty();
                }
                if (values == null) {
                    values = new LinkedHashMap<>();
                }
                values.put(pattern.substring(1, pattern.length() - 1), actual);
            } else if (!pattern.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(values == null ? Map.of() : values);
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
