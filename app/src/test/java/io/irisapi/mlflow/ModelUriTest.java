package io.irisapi.mlflow;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelUriTest {
    @Test
    void readsAnAlias() {
        ModelUri uri = ModelUri.parse("models:/iris-classifier@champion").orElseThrow();

        assertThat(uri.name()).isEqualTo("iris-classifier");
        assertThat(uri.alias()).isEqualTo("champion");
        assertThat(uri.isAlias()).isTrue();
        assertThat(uri.pinnedVersion()).isEmpty();
    }

    @Test
    void readsAPinnedVersionAndARun() {
        assertThat(ModelUri.parse("models:/iris-classifier/12").orElseThrow().pinnedVersion()).hasValue("12");

        ModelUri run = ModelUri.parse("runs:/0123abcd/model/").orElseThrow();
        assertThat(run.runId()).isEqualTo("0123abcd");
        assertThat(run.path()).isEqualTo("model");
        assertThat(run.pinnedVersion()).hasValue("0123abcd");
        assertThat(run.isAlias()).isFalse();
    }

    @Test
    void leavesLocalDirectoriesAlone() {
        assertThat(ModelUri.parse("/models/iris")).isEmpty();
        assertThat(ModelUri.parse("file:/models/iris")).isEmpty();
    }

    @Test
    void refusesMalformedMlflowUrisWithTheAcceptedForms() {
        assertThatThrownBy(() -> ModelUri.parse("models:/iris-classifier"))
                .hasMessageContaining("models:/NAME@ALIAS, models:/NAME/VERSION or runs:/RUN_ID/PATH");
        assertThatThrownBy(() -> ModelUri.parse("runs:/not-hex/model")).isInstanceOf(IllegalArgumentException.class);
    }
}
