package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.ticketing.gateway.domain.model.RequestId;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdsTest {

    @Test
    void freshIdsAreDistinctVersion4UuidsTheGatewayWouldAcceptFromAClient() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String value = RequestIds.fresh().value();
            UUID uuid = UUID.fromString(value);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(value);
            assertThat(RequestId.isAcceptable(value)).isTrue();
            seen.add(value);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void onlyAnIdSentOnceIsTheClients() {
        MockHttpServletRequest once = new MockHttpServletRequest();
        once.addHeader(RequestIds.HEADER, "abc");
        MockHttpServletRequest twice = new MockHttpServletRequest();
        twice.addHeader(RequestIds.HEADER, "abc");
        twice.addHeader(RequestIds.HEADER, "abc");

        assertThat(RequestIds.sentOnce(once)).isEqualTo("abc");
        assertThat(RequestIds.sentOnce(twice)).isNull();
        assertThat(RequestIds.sentOnce(new MockHttpServletRequest())).isNull();
        assertThat(RequestIds.assign(twice, new MockHttpServletResponse()).value()).isNotEqualTo("abc");
    }
}
