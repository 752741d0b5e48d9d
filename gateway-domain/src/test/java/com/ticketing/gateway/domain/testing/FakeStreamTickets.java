package com.ticketing.gateway.domain.testing;

import com.ticketing.gateway.domain.model.StreamGrant;
import com.ticketing.gateway.domain.port.StoreUnavailableException;
import com.ticketing.gateway.domain.port.StreamTickets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Stream tickets in a map, kept until a test says otherwise (expiry is the grant's to tell); can be made to fail. */
public final class FakeStreamTickets implements StreamTickets {

    private final Map<String, StreamGrant> grants = new ConcurrentHashMap<>();
    private volatile boolean down;

    public void down(boolean value) {
        down = value;
    }

    @Override
    public void save(String ticket, StreamGrant grant) {
        failIfDown();
        grants.put(ticket, grant);
    }

    @Override
    public Optional<StreamGrant> find(String ticket) {
        failIfDown();
        return Optional.ofNullable(grants.get(ticket));
    }

    private void failIfDown() {
        if (down) {
            throw new StoreUnavailableException("the fake store is down", null);
        }
    }
}
