package com.ticketing.gateway.adapter.jwt;

import java.security.Key;
import java.util.Objects;

/**
 * The keys access-token signatures are checked with, found by the token's {@code kid}.
 * Implementations are thread-safe.
 */
interface VerificationKeys extends AutoCloseable {

    /** The key for {@code keyId} (null when the token names none). May wait for one bounded key fetch. */
    Lookup find(String keyId);

    /**
     * Changes whenever a key that was trusted stops being trusted (removed or replaced at the
     * source), so that verifications made with it are no longer reused.
     */
    default long revocations() {
        return 0;
    }

    @Override
    default void close() {
    }

    /** The outcome of {@link #find}. */
    sealed interface Lookup {
        record Found(Key key) implements Lookup {
            public Found {
                Objects.requireNonNull(key, "key");
            }
        }

        /** The source answered, and it has no such key: the token is not ours. */
        record Unknown() implements Lookup {
        }

        /** No such key is cached and the source could not be read: not the token's fault. */
        record SourceUnavailable() implements Lookup {
        }
    }

    /** One shared secret, whatever the token's {@code kid}. */
    static VerificationKeys fixed(Key key) {
        Lookup found = new Lookup.Found(key);
        return keyId -> found;
    }
}
