package com.ticketing.gateway.adapter.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonScreenTest {

    private final JsonScreen screen = new JsonScreen(new JsonLimits(4, 10, 32));

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Problem refusal(String body) {
        try {
            screen.check(utf8(body));
        } catch (RejectedRequest e) {
            return e.problem();
        }
        throw new AssertionError("accepted: " + body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"a\":1}", "{\"a\":[[[1]]]}", "{\"a\":\"\\\"q\\\" \\\\ \\/\"}", "{\"a\":\"\\u00e9 \\ud83c\\udfab\"}",
            "{\"n\":-12.5e+1}", "{\"s\":\"" + "x" + "\"}", "{\"a\":true,\"b\":null,\"c\":false}",
            "{\"t\":\"\u00e9\u2028\"}", "not json at all", "{\"unterminated"})
    void acceptsWhatIsWithinTheLimitsAndLeavesGrammarToTheParser(String body) {
        assertThatCode(() -> screen.check(utf8(body))).doesNotThrowAnyException();
    }

    @Test
    void acceptsExactlyTheLimits() {
        assertThatCode(() -> screen.check(utf8("{\"a\":[[[" + "1234567890" + "]]]}"))).doesNotThrowAnyException();
        assertThatCode(() -> screen.check(utf8("{\"a\":\"" + "x".repeat(32) + "\"}"))).doesNotThrowAnyException();
    }

    @CsvSource(delimiter = '|', value = {
            "{\"deep\":[[[[1]]]]}                 | deep  | must not nest deeper than 4 levels",
            "{\"n\":12345678901}                  | n     | must be a number of at most 10 characters",
            "{\"s\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"} | s | must be at most 32 bytes long",
            "{\"ok\":1,\"c\":\"a\\u0000b\"}        | c     | must not contain control characters",
            "{\"c\":\"a\\nb\"}                     | c     | must not contain control characters",
            "{\"c\":\"a\\u007fb\"}                 | c     | must not contain control characters",
            "{\"c\":\"a\\u0085b\"}                 | c     | must not contain control characters",
            "{\"c\":\"\\ud800x\"}                  | c     | must not contain unpaired surrogate escapes",
            "{\"c\":\"\\udc00\"}                   | c     | must not contain unpaired surrogate escapes",
            "{\"outer\":{\"inner\":\"a\\tb\"}}     | outer | must not contain control characters"})
    @ParameterizedTest
    void refusesNamingTheTopLevelField(String body, String field, String message) {
        Problem problem = refusal(body);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
        assertThat(problem.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.message()).isEqualTo(message);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"c\":\"a\u0001b\"}", "{\"c\":\"a\tb\"}", "{\"event\tId\":\"e\"}", "{\"c\":\"a\nb\"}",
            "{\"c\":\"\u001f\"}", "{\"o\":{\"i\":\"\u0000\"}}"})
    void aRawControlCharacterInAStringIsNoJson(String body) {
        Problem problem = refusal(body);

        // RFC 8259 §7: only escaped, never raw, in a string
        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo(ProblemCode.MALFORMED_JSON);
        assertThat(problem.errors()).isEmpty();
        assertThat(problem.detail()).isEqualTo("request body is not valid JSON: a string holds an unescaped control character");
    }

    @Test
    void rawDeleteAndC1AreJsonButRefusedAsTextOfTheField() {
        assertThat(refusal("{\"c\":\"a\u007fb\"}").errors().get(0).field()).isEqualTo("c");
        assertThat(refusal("{\"c\":\"a\u0085b\"}").errors().get(0).field()).isEqualTo("c");
        assertThat(refusal("{\"c\":\"a\u0085b\"}").code()).isEqualTo(ProblemCode.VALIDATION_FAILED);
    }

    @Test
    void aControlCharacterInAMemberNameNamesTheWholeMember() {
        assertThat(refusal("{\"na\u007fme\":1}").errors().get(0).field()).isEqualTo("na?me");
        assertThat(refusal("{\"na\\u0007me\":1}").errors().get(0).field()).isEqualTo("na\\u0007me");
        assertThat(refusal("{\"na\\ud800me\":1}").errors().get(0).field()).isEqualTo("na\\ud800me");
    }

    @Test
    void outsideAnyMemberTheBodyIsNamed() {
        Problem problem = refusal("[[[[[1]]]]]");

        assertThat(problem.code()).isEqualTo(ProblemCode.MALFORMED_JSON);
        assertThat(problem.detail()).isEqualTo("the body must not nest deeper than 4 levels");
    }

    @Test
    void refusalsAreSecurityEvents() {
        assertThatThrownBy(() -> screen.check(utf8("{\"c\":\"\\u0000\"}"))).isInstanceOfSatisfying(
                RejectedRequest.class, r -> assertThat(r.securityReason()).isEqualTo("json_limits"));
    }

    @Test
    void aHugeDocumentIsScannedInOnePass() {
        JsonScreen defaults = new JsonScreen(JsonLimits.DEFAULTS);
        byte[] deep = utf8("[".repeat(100_000));

        assertThatThrownBy(() -> defaults.check(deep)).isInstanceOf(RejectedRequest.class);
        assertThatCode(() -> defaults.check(utf8("{\"a\":\"" + "x".repeat(16 * 1024) + "\"}")))
                .doesNotThrowAnyException();
    }
}
