package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.tomcat.util.http.MimeHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictHttp11ProtocolTest {

    private static MimeHeaders accepting(String... values) {
        MimeHeaders headers = new MimeHeaders();
        for (String value : values) {
            headers.addValue("Accept-Encoding").setString(value);
        }
        return headers;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "gzip                              | false",
            "gzip, identity                    | false",
            "gzip;q=0.5, identity              | true",
            "gzip;q=0.5, identity;q=0.6        | true",
            "identity;q=0.5, gzip              | false",
            "*;q=0.1, identity                 | true",
            "*, identity;q=0.9                 | false",
            "GZIP;q=0.2, Identity;q=0.3        | true",
            "identity                          | true",
            "'gzip;q=0.5, identity;q=bad'      | false",
    })
    void identityIsPreferredOnlyWhenTheClientRanksItAboveGzip(String acceptEncoding, boolean identity) {
        assertThat(StrictHttp11Protocol.prefersIdentity(accepting(acceptEncoding))).isEqualTo(identity);
    }

    @org.junit.jupiter.api.Test
    void everyAcceptEncodingFieldCounts() {
        assertThat(StrictHttp11Protocol.prefersIdentity(accepting("gzip;q=0.4", "identity;q=0.8"))).isTrue();
        assertThat(StrictHttp11Protocol.prefersIdentity(accepting())).isFalse();
    }
}
