package com.ticketing.stub.auth;

/** The {@code typ} claim: which secret signs the token and how long it lives. */
public enum TokenType {
    ACCESS("access"),
    REFRESH("refresh");

    private final String claim;

    TokenType(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
