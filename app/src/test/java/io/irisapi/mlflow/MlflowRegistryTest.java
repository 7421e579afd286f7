package io.irisapi.mlflow;

import io.irisapi.core.ModelLoadException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What needs no server: addresses. Everything that talks to MLflow is tested against a real one (*IT). */
class MlflowRegistryTest {
    private final MlflowRegistry registry = new MlflowRegistry("http://mlflow-server-service:5000/");

    @Test
    void mapsArtifactUrisToTheTrackingServersProxy() {
        assertThat(registry.proxyUri("mlflow-artifacts:/1/abc/artifacts/model/model.bin").toString())
                .isEqualTo("http://mlflow-server-service:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts/"
                        + "model/model.bin");
        assertThat(registry.proxyUri("mlflow-artifacts://elsewhere:443/1/a b/model.bin").toString())
                .isEqualTo("http://mlflow-server-service:5000/api/2.0/mlflow-artifacts/artifacts/1/a%20b/model.bin");
    }

    @Test
    void refusesArtifactStoresTheProxyDoesNotServe() {
        assertThatThrownBy(() -> registry.proxyUri("s3://bucket/1/abc/artifacts/model/model.bin"))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("--artifacts-destination");
    }

    @Test
    void needsAnHttpTrackingUri() {
        assertThatThrownBy(() -> new MlflowRegistry(""))
                .hasMessageContaining("MLFLOW_TRACKING_URI is not set");
        assertThatThrownBy(() -> new MlflowRegistry("gs://bucket/mlruns/"))
                .hasMessageContaining("is not the http(s)://host:port of an MLflow tracking server");
    }

    /** Every message (and so every log line) names the tracking server without the credentials its URI carries. */
    @Test
    void neverShowsTheCredentialsInTheTrackingUri() {
        try (MlflowRegistry unreachable = new MlflowRegistry("http://alice:s3cret@127.0.0.1:1/")) {
            assertThat(unreachable.trackingUri()).isEqualTo("http://127.0.0.1:1");
            assertThatThrownBy(() -> unreachable.versionByAlias("iris-classifier", "champion"))
                    .satisfies(MlflowRegistryTest::showsNoSecret);
        }
        assertThatThrownBy(() -> new MlflowRegistry("http://alice:s3cret@bad host:5000/"))
                .satisfies(MlflowRegistryTest::showsNoSecret);
        assertThatThrownBy(() -> new MlflowRegistry("ftp://alice:s3cret@mlflow:5000/"))
                .satisfies(MlflowRegistryTest::showsNoSecret);
    }

    private static void showsNoSecret(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            assertThat(String.valueOf(e)).doesNotContain("s3cret");
        }
    }
}
