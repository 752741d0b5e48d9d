package com.ticketing.stub.ticket;

import com.ticketing.stub.grpc.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A catalog search: category (case-insensitive exact; empty means any), text (case-insensitive
 * substring of name, description, venue or city; empty means any) and a page from 1.
 */
public record EventQuery(String category, String text, int page, int pageSize) {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    public EventQuery {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(text, "text");
        if (!violations(page, pageSize).isEmpty() || page == 0 || pageSize == 0) {
            throw new IllegalArgumentException("invalid page " + page + " / page size " + pageSize);
        }
    }

    /** The query for raw request values, where a page or page size of 0 means the default. */
    public static EventQuery of(String category, String text, int page, int pageSize) {
        return new EventQuery(category.strip(), text.strip(), page == 0 ? 1 : page,
                pageSize == 0 ? DEFAULT_PAGE_SIZE : pageSize);
    }

    /** What is wrong with raw page values (0 means the default and is fine). */
    public static List<FieldViolation> violations(int page, int pageSize) {
        List<FieldViolation> violations = new ArrayList<>();
        if (page < 0) {
            violations.add(new FieldViolation("page", "must be at least 1"));
        }
        if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
            violations.add(new FieldViolation("pageSize", "must be between 1 and " + MAX_PAGE_SIZE));
        }
        return List.copyOf(violations);
    }

    public boolean matches(EventListing event) {
        if (!category.isEmpty() && !category.equalsIgnoreCase(event.category())) {
            return false;
        }
        if (text.isEmpty()) {
            return true;
        }
        String needle = text.toLowerCase(Locale.ROOT);
        return contains(event.name(), needle) || contains(event.description(), needle)
                || contains(event.venue(), needle) || contains(event.city(), needle);
    }

    int offset() {
        return (int) Math.min(Integer.MAX_VALUE, (long) (page - 1) * pageSize);
    }

    private static boolean contains(String haystack, String needle) {
        return haystack.toLowerCase(Locale.ROOT).contains(needle);
    }
}
