package com.ticketing.gateway.app.docs;

import java.util.Map;

/**
 * What the contract (REST.md) asks of the fields of request bodies, as JSON Schema keywords, for
 * the description only: the services enforce these rules (400 {@code VALIDATION_FAILED} naming the
 * field), the gateway passes the body on. Every field named here is required; a blank text is
 * refused as a missing one, so texts have at least one character. Keyed by message full name, then
 * by the field's JSON name; a name the messages do not have refuses to build the document.
 */
final class RequestRules {

    private static final Map<String, Object> TEXT = Map.of("minLength", 1);
    private static final Map<String, Object> NAME = Map.of("minLength", 1, "maxLength", 100);

    static final Map<String, Map<String, Map<String, Object>>> FIELDS = Map.of(
            "auth.RegisterRequest", Map.of(
                    "email", Map.of("minLength", 3, "format", "email"),
                    "password", Map.of("minLength", 8, "maxLength", 128),
                    "firstName", NAME,
                    "lastName", NAME),
            "auth.LoginRequest", Map.of("email", TEXT, "password", TEXT),
            "auth.RefreshTokenRequest", Map.of("refreshToken", TEXT),
            "auth.UpdateUserProfileRequest", Map.of("firstName", NAME, "lastName", NAME),
            "booking.CreateBookingRequest", Map.of("eventId", TEXT, "quantity", Map.of("minimum", 1, "maximum", 10)),
            "payment.ProcessPaymentRequest", Map.of("bookingId", TEXT, "paymentMethodToken", TEXT));

    private RequestRules() {
    }
}
