package com.ticketing.gateway.domain.model;

/** What the session store knows of a session id. */
public enum SessionState {
    ACTIVE, REVOKED, UNKNOWN
}
