package com.ticketing.gateway.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.StreamGrant;
import com.ticketing.gateway.domain.port.StreamTickets;
import com.ticketing.gateway.domain.port.StreamTicketsContract;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stream ticket contract against a real redis-server, plus what Redis holds of a ticket. */
class RedisStreamTicketsIT extends StreamTicketsContract {

    private static RedisTestBed bed;
    private static RedisServerFixture server;
    private static RedisConnection connection;
    private static RedisStreamTickets store;

    @BeforeAll
    static void startRedis() {
        bed = RedisTestBed.start();
        server = bed.server;
        connection = bed.connection;
        store = new RedisStreamTickets(connection);
    }

    @AfterAll
    static void stopRedis() {
        bed.close();
    }

    @Override
    protected StreamTickets store() {
        return store;
    }

    @Test
    void redisHoldsNeitherTheTicketNorTheAccessTokenAndTheKeyExpiresWithTheGrant() {
        String ticket = newTicket();
        StreamGrant grant = grant("bkg-secret", Instant.now().plusSeconds(60));

        store.save(ticket, grant);

        assertThat(bed.admin().keys("*" + ticket + "*")).isEmpty();
        String key = store.key(ticket);
        String value = bed.admin().get(key);
        assertThat(value).doesNotContain(ticket).doesNotContain("access.token.value").doesNotContain("bkg-secret");
        assertThat(bed.admin().pttl(key)).isBetween(55_000L, 60_000L);
    }

    @Test
    void aSecondInstanceOnTheSameRedisFindsTheGrant() {
        String ticket = newTicket();
        StreamGrant grant = grant("bkg-shared", Instant.now().plusSeconds(60));
        store.save(ticket, grant);

        try (RedisConnection other = new RedisConnection(RedisSettings.of(server.url()))) {
            assertThat(new RedisStreamTickets(other).find(ticket)).contains(grant);
        }
    }

    @Test
    void aValueThatDoesNotOpenUnderTheTicketIsNoGrant() {
        String ticket = newTicket();
        bed.admin().set(store.key(ticket), "bm90IGEgc2VhbGVkIGdyYW50IGF0IGFsbA==");

        assertThat(store.find(ticket)).isEmpty();
    }
}
