package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.UserId;
import com.ticketing.gateway.domain.policy.LimitKey;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The gate of an authenticated request: reads the caller's session and, only when it is active,
 * decides and charges the request's limits (all or none, as {@link RateLimiter#acquire}). A store
 * that holds both does it in one atomic step (one round trip on Redis); otherwise it is the
 * session read followed by the limiter. Thread-safe.
 */
public interface Turnstile {

    /**
     * @param limits the request's limits, at least one, all counting {@code owner}
     * @return {@link Passage.Closed} when the session is not active for {@code owner} (nothing is
     *         charged), else {@link Passage.Open} with the limits' decision, a {@code StoreFailed…}
     *         one when the limits could not be decided but the session could be read
     * @throws StoreUnavailableException when the session cannot be read (sessions fail closed)
     */
    Passage pass(SessionId session, UserId owner, List<LimitKey> limits);

    /**
     * Starts {@link #pass}: the stage completes with its passage, or with its
     * {@link StoreUnavailableException}, once the store has answered, on whatever thread got the
     * answer (what runs after it there must not block). A store that answers at once (the default)
     * returns a completed stage.
     */
    default CompletionStage<Passage> start(SessionId session, UserId owner, List<LimitKey> limits) {
        try {
            return CompletableFuture.completedFuture(pass(session, owner, limits));
        } catch (StoreUnavailableException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
