package com.ticketing.stub.auth;

import com.ticketing.stub.grpc.FieldViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Validation of registration and profile fields; violations name the REST (camelCase) field. */
public final class ProfileRules {

    public static final int PASSWORD_MIN_LENGTH = 8;
    public static final int PASSWORD_MAX_LENGTH = 128;
    public static final int NAME_MAX_LENGTH = 100;
    public static final int EMAIL_MAX_LENGTH = 254;

    /** A pragmatic subset of RFC 5322: local part, "@", a domain with at least one dot. */
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");

    private ProfileRules() {
    }

    public static List<FieldViolation> registration(String email, String password, String firstName, String lastName) {
        List<FieldViolation> violations = new ArrayList<>();
        if (email.length() > EMAIL_MAX_LENGTH || !EMAIL.matcher(email).matches()) {
            violations.add(new FieldViolation("email", "must be a valid email address"));
        }
        int passwordLength = password.codePointCount(0, password.length());
        if (passwordLength < PASSWORD_MIN_LENGTH || passwordLength > PASSWORD_MAX_LENGTH) {
            violations.add(new FieldViolation("password",
                    "must be between " + PASSWORD_MIN_LENGTH + " and " + PASSWORD_MAX_LENGTH + " characters"));
        }
        violations.addAll(names(firstName, lastName));
        return List.copyOf(violations);
    }

    public static List<FieldViolation> names(String firstName, String lastName) {
        List<FieldViolation> violations = new ArrayList<>();
        name("firstName", firstName, violations);
        name("lastName", lastName, violations);
        return List.copyOf(violations);
    }

    private static void name(String field, String value, List<FieldViolation> violations) {
        if (value.isBlank()) {
            violations.add(new FieldViolation(field, "must not be blank"));
        } else if (value.codePointCount(0, value.length()) > NAME_MAX_LENGTH) {
            violations.add(new FieldViolation(field, "must be at most " + NAME_MAX_LENGTH + " characters"));
        }
    }
}
