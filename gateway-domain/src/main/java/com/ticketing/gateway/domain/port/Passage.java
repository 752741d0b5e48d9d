package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.SessionState;
import com.ticketing.gateway.domain.policy.RateLimitDecision;
import java.util.Objects;

/** What a {@link Turnstile} found: a session that is not active, or an active one and its limits' decision. */
public sealed interface Passage {

    /** The session is not active for the token's subject; no limit was charged. */
    record Closed(SessionState state) implements Passage {
        public Closed {
            if (state == null || state == SessionState.ACTIVE) {
                throw new IllegalArgumentException("a closed passage needs an inactive session state");
            }
        }
    }

    /** The session is active; {@code decision} says whether the request is within its limits. */
    record Open(RateLimitDecision decision) implements Passage {
        public Open {
            Objects.requireNonNull(decision, "decision");
        }
    }
}
