package com.ticketing.stub.payment;

import java.util.Arrays;
import java.util.Optional;

/** The stub's test payment method tokens. */
public enum PaymentMethod {
    /** Charged at once. */
    VISA("tok_visa"),
    /** Declined by the issuer; nothing is charged. */
    DECLINED_CARD("tok_declined"),
    /** Charged at once, but the answer comes only after the configured slow-payment delay. */
    SLOW_VISA("tok_slow");

    private final String token;

    PaymentMethod(String token) {
        this.token = token;
    }

    public static Optional<PaymentMethod> ofToken(String token) {
        return Arrays.stream(values()).filter(method -> method.token.equals(token)).findFirst();
    }

    public String token() {
        return token;
    }

    public boolean isDeclined() {
        return this == DECLINED_CARD;
    }

    public boolean answersLate() {
        return this == SLOW_VISA;
    }
}
