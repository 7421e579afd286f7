package io.irisapi.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {
    @Test
    void severalKeysAreValidAtOnceForRotation() {
        ApiKeys keys = ApiKeys.parse(" old-key , new-key ,,");

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.match("old-key")).map(ApiClient::getName).contains("key-1");
        assertThat(keys.match("new-key")).map(ApiClient::getName).contains("key-2");
    }

    @Test
    void keysComeOneALineOrSeparatedByCommasWithoutCommentsOrBlanks() {
        ApiKeys keys = ApiKeys.parse("# rotated 2026-12-01\r\nfirst-key\n\n  second-key, third-key \n   # not-a-key\n");

        assertThat(keys.size()).isEqualTo(3);
        assertThat(keys.match("first-key")).map(ApiClient::getName).contains("key-1");
        assertThat(keys.match("third-key")).map(ApiClient::getName).contains("key-3");
        assertThat(keys.match("# not-a-key")).isEmpty();
        assertThat(keys.match("not-a-key")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"good-key\nkey with spaces", "good-key\nkey\twith-tab", "good-key\nschlüssel",
            "good-key\nkey\u0000nul"})
    void aKeyWithCharactersNoHeaderCarriesIsRefusedByLineWithoutShowingIt(String text) {
        assertThatThrownBy(() -> ApiKeys.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 2: ")
                .message().doesNotContain("key with").doesNotContain("schl").doesNotContain("with-tab");
    }

    @Test
    void aKeyLongerThanAnyCandidateIsRefused() {
        assertThat(ApiKeys.parse("k".repeat(ApiKeys.MAX_KEY_LENGTH)).size()).isEqualTo(1);
        assertThatThrownBy(() -> ApiKeys.parse("k".repeat(ApiKeys.MAX_KEY_LENGTH + 1)))
                .hasMessage("line 1: a key is longer than 512 characters");
    }

    @Test
    void replacingTheSetTakesEffectAtOnce() {
        ApiKeys live = ApiKeys.parse("old-key");

        live.replaceWith(ApiKeys.parse("old-key\nnew-key"));
        assertThat(live.match("new-key")).isPresent();
        live.replaceWith(ApiKeys.parse("new-key"));

        assertThat(live.match("old-key")).isEmpty();
        assertThat(live.match("new-key")).map(ApiClient::getName).contains("key-1");
        assertThat(live.size()).isEqualTo(1);
    }

    @Test
    void nearMissesDoNotMatch() {
        ApiKeys keys = ApiKeys.parse("secret-key");

        assertThat(keys.match("secret-ke")).isEmpty();
        assertThat(keys.match("secret-key ")).isEmpty();
        assertThat(keys.match("Secret-key")).isEmpty();
        assertThat(keys.match("")).isEmpty();
    }

    @Test
    void noKeysMatchesNothing() {
        assertThat(ApiKeys.parse("").isEmpty()).isTrue();
        assertThat(ApiKeys.parse(null).match("anything")).isEmpty();
    }

    @Test
    void generatedKeysAreLongAndDistinct() {
        String a = ApiKeys.generate();

        assertThat(a).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(a).isNotEqualTo(ApiKeys.generate());
    }
}
