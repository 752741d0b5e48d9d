package com.ticketing.gateway.domain.route;

/** Whether a route needs a verified bearer token with an active session. */
public enum AuthRequirement {
    PUBLIC, BEARER
}
