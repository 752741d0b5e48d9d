package com.ticketing.stub.auth;

import java.time.Instant;
import java.util.Objects;

/** A registered user; only a salted hash of the password is kept. */
public record User(String userId, String email, String firstName, String lastName, String passwordHash, Instant createdAt) {

    public User {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(firstName, "firstName");
        Objects.requireNonNull(lastName, "lastName");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public User withNames(String newFirstName, String newLastName) {
        return new User(userId, email, newFirstName, newLastName, passwordHash, createdAt);
    }
}
