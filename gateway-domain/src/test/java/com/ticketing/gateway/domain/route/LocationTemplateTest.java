package com.ticketing.gateway.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LocationTemplateTest {

    @Test
    void namesEachVariableOnceInOrder() {
        LocationTemplate template = LocationTemplate.parse("/a/{bookingId}/b/{seat}/{bookingId}");

        assertThat(template.variables()).containsExactlyInAnyOrder("bookingId", "seat");
        assertThat(template.text()).isEqualTo("/a/{bookingId}/b/{seat}/{bookingId}");
        assertThat(template).hasToString("/a/{bookingId}/b/{seat}/{bookingId}");
    }

    @Test
    void fillsEveryOccurrenceWithThePathEncodedValue() {
        LocationTemplate template = LocationTemplate.parse("/api/v1/bookings/{bookingId}/x/{bookingId}");

        assertThat(template.fill(Map.of("bookingId", "b 1/é?+")))
                .contains("/api/v1/bookings/b%201%2F%C3%A9%3F%2B/x/b%201%2F%C3%A9%3F%2B");
    }

    @Test
    void aTemplateWithoutVariablesIsItsText() {
        assertThat(LocationTemplate.parse("/api/v1/bookings").fill(Map.of())).contains("/api/v1/bookings");
        assertThat(LocationTemplate.parse("/api/v1/bookings").variables()).isEmpty();
    }

    @Test
    void aMissingOrEmptyValueFillsNothing() {
        LocationTemplate template = LocationTemplate.parse("/bookings/{bookingId}");

        assertThat(template.fill(Map.of())).isEmpty();
        assertThat(template.fill(Map.of("bookingId", ""))).isEmpty();
        assertThat(template.fill(Map.of("other", "x"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bookings/{", "/bookings/{}", "/bookings/{id", "/bookings/id}", "/b/{a{b}}",
            "/b/{1id}", "/b/{id-x}", "/b/{ id}"})
    void refusesMalformedTemplatesWhenTheRouteIsBuilt(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> LocationTemplate.parse(text))
                .withMessageContaining(text);
        assertThatIllegalArgumentException().isThrownBy(() -> RouteDefinition.route("r", HttpMethod.POST, "/b")
                .location(text));
    }
}
