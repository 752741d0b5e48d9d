package com.ticketing.stub.support;

import java.util.Objects;

/** A value before and after one atomic update; {@code before == after} when the update changed nothing. */
public record Change<T>(T before, T after) {

    public Change {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    public boolean changed() {
        return !before.equals(after);
    }
}
