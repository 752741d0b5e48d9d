package com.ticketing.gateway.domain.model;

/** Why a token was not accepted. Only {@link #EXPIRED} is told apart to clients (TOKEN_EXPIRED). */
public enum TokenRejection {
    MALFORMED, BAD_SIGNATURE, UNSUPPORTED_ALGORITHM, EXPIRED, NOT_YET_VALID, ISSUED_IN_FUTURE, WRONG_ISSUER,
    WRONG_AUDIENCE, WRONG_TYPE, MISSING_CLAIM, TOO_LARGE, KEY_SOURCE_UNAVAILABLE
}
