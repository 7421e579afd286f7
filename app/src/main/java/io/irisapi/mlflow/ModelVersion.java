package io.irisapi.mlflow;

/** One version of a registered model, as the registry describes it. */
public record ModelVersion(String name, String version, String source, String runId, String status) {
    public static final String READY = "READY";

    public boolean isReady() {
        return READY.equals(status);
    }
}
