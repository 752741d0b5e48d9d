package com.ticketing.stub.support;

/** What an idempotency-keyed write amounted to. */
public sealed interface IdempotentOutcome<R> {

    /** The key was new: the action ran and its result is now stored under the key. */
    record Fresh<R>(R result) implements IdempotentOutcome<R> {
    }

    /** The key was used before with the same request: the stored result, the action did not run. */
    record Replayed<R>(R result) implements IdempotentOutcome<R> {
    }

    /** The key was used before with another request: nothing ran. */
    record Conflict<R>() implements IdempotentOutcome<R> {
    }
}
