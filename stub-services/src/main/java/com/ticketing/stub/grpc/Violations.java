package com.ticketing.stub.grpc;

import java.util.ArrayList;
import java.util.List;

/** Collects the invalid fields of one request, then fails it with INVALID_ARGUMENT naming them all. Not thread-safe. */
public final class Violations {

    private final List<FieldViolation> found = new ArrayList<>();

    public Violations notBlank(String field, String value) {
        return check(!value.isBlank(), field, "must not be blank");
    }

    public Violations check(boolean valid, String field, String message) {
        if (!valid) {
            found.add(new FieldViolation(field, message));
        }
        return this;
    }

    public Violations addAll(List<FieldViolation> violations) {
        found.addAll(violations);
        return this;
    }

    /** INVALID_ARGUMENT (via {@link Failures#invalidArgument(List)}) when any field was invalid. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw Failures.invalidArgument(List.copyOf(found));
        }
    }
}
