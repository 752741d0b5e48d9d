package com.ticketing.gateway.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.SessionId;
import com.ticketing.gateway.domain.model.StreamGrant;
import com.ticketing.gateway.domain.model.UserId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link StreamTickets} adapter must show. Extend it once per adapter; a
 * store on a test clock overrides {@link #now()} and {@link #passTime(Duration)}, one that
 * expires entries itself keeps system time and sleeps. Tickets are fresh random strings.
 */
public abstract class StreamTicketsContract {

    protected abstract StreamTickets store();

    protected Instant now() {
        return Instant.now();
    }

    protected void passTime(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    protected static String newTicket() {
        return UUID.randomUUID().toString().replace("-", "") + UUID.randomUUID().toString().replace("-", "");
    }

    protected StreamGrant grant(String bookingId, Instant expiresAt) {
        return new StreamGrant(new UserId("user-1"), new SessionId("sess-" + UUID.randomUUID()), bookingId,
                "access.token.value", expiresAt);
    }

    @Test
    void aSavedGrantIsFoundByItsTicketWithEveryField() {
        String ticket = newTicket();
        StreamGrant grant = grant("bkg-1", now().plus(Duration.ofMinutes(1)));

        store().save(ticket, grant);

        assertThat(store().find(ticket)).contains(grant);
    }

    @Test
    void anUnknownTicketFindsNothing() {
        store().save(newTicket(), grant("bkg-1", now().plus(Duration.ofMinutes(1))));

        assertThat(store().find(newTicket())).isEmpty();
    }

    @Test
    void aGrantIsGoneOnceItExpires() throws InterruptedException {
        String ticket = newTicket();
        store().save(ticket, grant("bkg-2", now().plus(Duration.ofMillis(800))));
        assertThat(store().find(ticket)).isPresent();

        passTime(Duration.ofMillis(1200));

        assertThat(store().find(ticket)).isEmpty();
    }

    @Test
    void aTicketCanBeUsedAgainWhileValid() {
        String ticket = newTicket();
        store().save(ticket, grant("bkg-3", now().plus(Duration.ofMinutes(1))));

        assertThat(store().find(ticket)).isPresent();
        assertThat(store().find(ticket)).isPresent();
    }
}
