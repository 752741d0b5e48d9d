package com.ticketing.stub.booking;

/** A registered listener; closing it unregisters it (idempotent). */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
