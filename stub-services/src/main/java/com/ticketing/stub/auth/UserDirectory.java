package com.ticketing.stub.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** Registered users, unique by email ignoring case. Thread-safe. */
public final class UserDirectory {

    private final ConcurrentHashMap<String, User> byId = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> idByEmail = new ConcurrentHashMap<>();

    /** Adds {@code user}; empty when its email (ignoring case) is already registered. */
    public Optional<User> add(User user) {
        if (idByEmail.putIfAbsent(normalized(user.email()), user.userId()) != null) {
            return Optional.empty();
        }
        byId.put(user.userId(), user);
        return Optional.of(user);
    }

    public Optional<User> find(String userId) {
        return Optional.ofNullable(byId.get(userId));
    }

    public Optional<User> findByEmail(String email) {
        return Optional.ofNullable(idByEmail.get(normalized(email))).flatMap(this::find);
    }

    /** Atomically replaces the user with {@code change} applied; empty for an unknown user. */
    public Optional<User> update(String userId, UnaryOperator<User> change) {
        return Optional.ofNullable(byId.computeIfPresent(userId, (id, user) -> change.apply(user)));
    }

    private static String normalized(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
