package com.ticketing.gateway.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.port.StreamTickets;
import com.ticketing.gateway.domain.port.StreamTicketsContract;
import com.ticketing.gateway.domain.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryStreamTicketsTest extends StreamTicketsContract {

    private final MutableClock clock = MutableClock.standing();
    private final InMemoryStreamTickets store = new InMemoryStreamTickets(clock);

    @Override
    protected StreamTickets store() {
        return store;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }

    @Override
    protected void passTime(Duration duration) {
        clock.advance(duration);
    }

    @Test
    void aGrantEndsExactlyAtItsExpiry() {
        String ticket = newTicket();
        store.save(ticket, grant("bkg-x", now().plusSeconds(60)));

        clock.advance(Duration.ofSeconds(60).minusMillis(1));
        assertThat(store.find(ticket)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(store.find(ticket)).isEmpty();
    }

    @Test
    void expiredGrantsNeverReadAgainAreSweptBySaving() {
        for (int i = 0; i < 5; i++) {
            store.save(newTicket(), grant("bkg-" + i, now().plusSeconds(10)));
        }
        clock.advance(InMemoryStreamTickets.SWEEP_INTERVAL);

        store.save(newTicket(), grant("bkg-new", now().plusSeconds(10)));

        assertThat(store.size()).isEqualTo(1);
    }
}
