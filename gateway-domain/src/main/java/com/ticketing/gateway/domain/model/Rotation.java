package com.ticketing.gateway.domain.model;

/** The result of rotating a session's refresh token. */
public enum Rotation {
    /** The presented token was the current one; the next one is now current. */
    ROTATED,
    /** The presented token had already been rotated: theft. The session is now revoked. */
    REUSED,
    /** The session was revoked before. */
    REVOKED,
    /** No such session (never opened, or expired). */
    UNKNOWN
}
