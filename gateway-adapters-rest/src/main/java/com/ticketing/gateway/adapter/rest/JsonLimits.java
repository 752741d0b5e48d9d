package com.ticketing.gateway.adapter.rest;

/**
 * Caps on the shape of a JSON body, checked in one pass before any parser sees it.
 *
 * @param maxDepth        deepest nesting of objects and arrays (the top-level object is 1)
 * @param maxNumberLength longest number literal, in characters
 * @param maxStringLength longest string literal as written (escapes counted as sent), in bytes
 */
public record JsonLimits(int maxDepth, int maxNumberLength, int maxStringLength) {

    public static final int DEFAULT_MAX_DEPTH = 32;
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 100;
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024;
    public static final JsonLimits DEFAULTS =
            new JsonLimits(DEFAULT_MAX_DEPTH, DEFAULT_MAX_NUMBER_LENGTH, DEFAULT_MAX_STRING_LENGTH);

    public JsonLimits {
        if (maxDepth < 1 || maxNumberLength < 1 || maxStringLength < 1) {
            throw new IllegalArgumentException("JSON limits must be positive");
        }
    }
}
