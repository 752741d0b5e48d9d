package com.ticketing.stub.support;

import java.security.SecureRandom;
import java.util.UUID;

/** Opaque identifiers and random codes. Thread-safe. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private Ids() {
    }

    /** A random id with a readable prefix, e.g. {@code bkg-5f0c…}. */
    public static String next(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** A random code of unambiguous upper-case letters and digits, e.g. for a ticket's barcode. */
    public static String code(int length) {
        char[] code = new char[length];
        for (int i = 0; i < length; i++) {
            code[i] = CODE_ALPHABET[RANDOM.nextInt(CODE_ALPHABET.length)];
        }
        return new String(code);
    }
}
