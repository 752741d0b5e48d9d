package com.ticketing.gateway.domain.policy;

/** Whose requests a limit counts together. */
public enum LimitScope {
    /** The client's IP address (the socket peer, or a trusted proxy's forwarded address). */
    CLIENT_IP,
    /** The authenticated user. */
    USER
}
