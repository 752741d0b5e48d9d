package com.ticketing.stub.auth;

/** The outcome of presenting a refresh token to its session. */
public sealed interface Rotation {

    /** The token was the current one; {@code session} now expects the next one. */
    record Rotated(Session session) implements Rotation {
    }

    /** The token had already been rotated: treated as theft, and the session is now revoked. */
    record Reused() implements Rotation {
    }

    /** The session was revoked before. */
    record Revoked() implements Rotation {
    }

    /** No such session, or it expired. */
    record Unknown() implements Rotation {
    }
}
