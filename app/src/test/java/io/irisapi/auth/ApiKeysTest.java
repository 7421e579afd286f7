package io.irisapi.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeysTest {
    @Test
    void severalKeysAreValidAtOnceForRotation() {
        ApiKeys keys = ApiKeys.parse(" old-key , new-key ,,");

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.match("old-key")).map(ApiClient::getName).contains("key-1");
        assertThat(keys.match("new-key")).map(ApiClient::getName).contains("key-2");
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
