package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmptyJsonObjectTest {

    private static Problem refusal(String body) {
        try {
            EmptyJsonObject.check(body.getBytes(StandardCharsets.UTF_8));
        } catch (RejectedRequest e) {
            return e.problem();
        }
        throw new AssertionError("accepted: " + body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", " { } ", "\r\n{\t}\n"})
    void takesAnEmptyObject(String body) {
        assertThatCode(() -> EmptyJsonObject.check(body.getBytes(StandardCharsets.UTF_8))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"this is not json", "{\"a\":", "{", "{}}", "{} {}", "{}x", "{'a':1}", "{\"a\":1,}",
            "{\"a\":01}", "{\"a\":NaN}", "{/*c*/}", "{\"a\":[1,{\"b\":2}]", "{\"a\":1} 2"})
    void refusesWhatIsNotOneJsonValueAsMalformed(String body) {
        Problem problem = refusal(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo(ProblemCode.MALFORMED_JSON);
        assertThat(problem.detail()).isEqualTo("request body is not valid JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "null", "1", "\"x\"", "true"})
    void refusesAValueThatIsNoObjectAsMalformed(String body) {
        Problem problem = refusal(body);

        assertThat(problem.code()).isEqualTo(ProblemCode.MALFORMED_JSON);
        assertThat(problem.detail()).isEqualTo("request body must be a JSON object");
    }

    @CsvSource(delimiter = '|', value = {
            "{\"bogus\":1}                          | bogus",
            "{\"reason\":{\"deep\":[1,2]},\"x\":2}  | reason",
            "{\"a\":null}                           | a"})
    @ParameterizedTest
    void namesTheFirstMemberAsAnUnknownField(String body, String field) {
        Problem problem = refusal(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
        assertThat(problem.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).isEqualTo("unknown field");
        });
    }

    @org.junit.jupiter.api.Test
    void aMemberThatIsNotFollowedByValidJsonIsMalformedRatherThanUnknown() {
        assertThat(refusal("{\"bogus\":}").code()).isEqualTo(ProblemCode.MALFORMED_JSON);
    }

    @org.junit.jupiter.api.Test
    void aLongOrOddMemberNameIsCappedAndMadeSafe() {
        Problem problem = refusal("{\"" + "n".repeat(300) + "\\u2028\":1}");

        assertThat(problem.errors().get(0).field()).hasSize(103).endsWith("...");
        assertThatThrownBy(() -> EmptyJsonObject.check("{\"a\\u0000\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(RejectedRequest.class,
                        r -> assertThat(r.problem().errors().get(0).field()).isEqualTo("a?"));
    }
}
