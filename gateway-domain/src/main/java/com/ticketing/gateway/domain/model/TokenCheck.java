package com.ticketing.gateway.domain.model;

import java.util.Objects;

/** The result of verifying a token. */
public sealed interface TokenCheck {
    record Verified(TokenClaims claims) implements TokenCheck {
        public Verified {
            Objects.requireNonNull(claims, "claims");
        }
    }

    record Rejected(TokenRejection reason) implements TokenCheck {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
