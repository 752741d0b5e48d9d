package com.ticketing.gateway.domain.model;

/** What the session store knows of a session id. */
public enum SessionState {
    ACTIVE, REVOKED, UNKNOWN,
    /**
     * Live, but another user's than the token names: a token minted with a stolen or guessed
     * session id. Never served; the session itself is left as it is.
     */
    FOREIGN
}
