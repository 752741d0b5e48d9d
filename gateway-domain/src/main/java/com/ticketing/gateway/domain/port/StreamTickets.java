package com.ticketing.gateway.domain.port;

import com.ticketing.gateway.domain.model.StreamGrant;
import java.util.Optional;

/**
 * Short-lived stream tickets, shared by every gateway instance that uses the same store: a
 * ticket is an unguessable string that stands for a {@link StreamGrant}. Entries are gone once
 * their grant expires (the store may keep them a little longer; callers check
 * {@link StreamGrant#validAt}). A ticket is a credential: implementations never log it nor
 * keep it in the clear where it could be listed. Thread-safe. Throws
 * {@link StoreUnavailableException} when the store cannot answer (tickets then fail closed).
 */
public interface StreamTickets {

    /** Records {@code grant} under {@code ticket} until the grant expires. */
    void save(String ticket, StreamGrant grant);

    /** The grant saved under {@code ticket}, or empty when there is none (unknown or gone). */
    Optional<StreamGrant> find(String ticket);
}
