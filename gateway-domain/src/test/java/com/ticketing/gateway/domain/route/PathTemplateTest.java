package com.ticketing.gateway.domain.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PathTemplateTest {

    private static List<String> segments(String path) {
        return List.of(path.substring(1).split("/", -1));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "api/v1/events",          // no leading slash
            "/api/v1/events/",        // trailing slash
            "/api//events",           // empty segment
            "//api",                  // empty first segment
            "/api/{}",                // empty variable
            "/api/{1id}",             // variable not starting with a letter
            "/api/{event-id}",        // variable with a dash
            "/api/{id",               // unclosed variable
            "/api/{id}/x/{id}",       // variable twice
            "/api/ev ents",           // space in a literal
            "/api/ev%20ents",         // escape in a literal
            "/api/a{id}",             // variable inside a literal
    })
    void refusesMalformedTemplates(String template) {
        assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse(template));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api/v1/events", "/api/v1/events/", "/a/"})
    void saysWhyALeadingOrTrailingSlashIsWrong(String template) {
        assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse(template))
                .withMessage("path template must start and not end with '/': " + template);
    }

    @Test
    void saysWhichSegmentIsEmpty() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathTemplate.parse("/a//b"))
                .withMessage("empty segment in /a//b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/api/v1/events", "/api/v1/events/{id}/availability", "/a.b/c_d/e-f/{x9Y}",
            "/{a}/{b}"})
    void acceptsWellFormedTemplatesAndPrintsThemAsWritten(String template) {
        assertThat(PathTemplate.parse(template)).hasToString(template);
    }

    @Test
    void listsVariablesInOrder() {
        assertThat(PathTemplate.parse("/a/{first}/b/{second}").variables()).containsExactly("first", "second");
        assertThat(PathTemplate.parse("/a/b").variables()).isEmpty();
    }

    @Test
    void matchesLiteralPathWithoutVariables() {
        assertThat(PathTemplate.parse("/api/v1/events").match(segments("/api/v1/events"))).contains(Map.of());
    }

    @Test
    void matchesVariablesAndReturnsTheirValues() {
        PathTemplate template = PathTemplate.parse("/api/v1/{kind}/{id}/stream");

        assertThat(template.match(segments("/api/v1/bookings/b 1/stream")))
                .contains(Map.of("kind", "bookings", "id", "b 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/api/v1/events/e1",          // one segment more
            "/api/v1",                    // one segment less
            "/api/v2/events",             // other literal
            "/API/v1/events",             // literals are case-sensitive
    })
    void doesNotMatchOtherPaths(String path) {
        assertThat(PathTemplate.parse("/api/v1/events").match(segments(path))).isEmpty();
    }

    @Test
    void variableDoesNotMatchAnEmptySegment() {
        PathTemplate template = PathTemplate.parse("/api/v1/events/{id}");

        assertThat(template.match(segments("/api/v1/events/"))).isEmpty();
        assertThat(template.match(List.of("api", "v1", "events", ""))).isEmpty();
    }

    @Test
    void literalAfterAVariableMustMatchToo() {
        PathTemplate template = PathTemplate.parse("/api/v1/events/{id}/availability");

        assertThat(template.match(segments("/api/v1/events/e1/stream"))).isEmpty();
        assertThat(template.match(segments("/api/v1/events/e1/availability"))).contains(Map.of("id", "e1"));
    }

    @Test
    void everyVariableOfATemplateIsBoundAndTheValuesCannotBeChanged() {
        PathTemplate template = PathTemplate.parse("/api/v1/events/{eventId}/seats/{seat}/{row}");

        Map<String, String> values = template.match(segments("/api/v1/events/e1/seats/s-9/r2")).orElseThrow();

        assertThat(values).isEqualTo(Map.of("eventId", "e1", "seat", "s-9", "row", "r2"));
        assertThatThrownBy(() -> values.put("eventId", "other")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(template.match(segments("/api/v1/events/e1/seat/s-9/r2"))).isEmpty();
        assertThat(template.match(segments("/api/v1/events/e1/seats//r2"))).isEmpty();
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @CsvSource({
            "/a/{id},        /a/{other},      true",
            "/a/b,           /a/b,            true",
            "/a/{id}/c,      /a/{x}/c,        true",
            "/a/{id},        /a/b,            false",
            "/a/b,           /a/{id},         false",
            "/a/b,           /a/c,            false",
            "/a/{id},        /a/{id}/c,       false",
            "/a/{id}/c,      /a/{id}/d,       false",
            "/a/{id}/c,      /a/{id},         false",
    })
    void samePathShapeIsLiteralsEqualAndVariablesInTheSamePlaces(String a, String b, boolean same) {
        assertThat(PathTemplate.parse(a).sameShape(PathTemplate.parse(b))).isEqualTo(same);
    }
}
