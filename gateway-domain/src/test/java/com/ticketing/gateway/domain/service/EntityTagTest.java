package com.ticketing.gateway.domain.service;

import static com.ticketing.gateway.domain.testing.FakeBackend.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagTest {

    @Test
    void isAWeakQuotedHexDigestOf128BitsSoThatCompressedBodiesMayCarryIt() {
        assertThat(EntityTag.of(bytes("{}"))).matches("W/\"[0-9a-f]{32}\"");
    }

    @Test
    void isTheFirstHalfOfTheSha256OfTheBody() {
        // SHA-256 of the empty input: e3b0c442 98fc1c14 9afbf4c8 996fb924 27ae41e4 649b934c a495991b 7852b855
        assertThat(EntityTag.of(new byte[0])).isEqualTo("W/\"e3b0c44298fc1c149afbf4c8996fb924\"");
    }

    @Test
    void equalBodiesHaveEqualTagsAndOtherBodiesOtherTags() {
        assertThat(EntityTag.of(bytes("{\"a\":1}"))).isEqualTo(EntityTag.of(bytes("{\"a\":1}")))
                .isNotEqualTo(EntityTag.of(bytes("{\"a\":2}")));
    }
}
