package io.irisapi.mlflow;

import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * What an MLflow server that asks for credentials gets, from the variables MLflow's own clients read:
 * MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD (HTTP basic authentication), or MLFLOW_TRACKING_TOKEN
 * (a bearer token). mlflow-client's {@code MlflowClient(String)} ignores them for an http(s) URI, so they are handed
 * to it here, and sent with artifact transfers too.
 */
record MlflowCredentials(String username, String password, String token) {
    static final MlflowCredentials NONE = new MlflowCredentials(null, null, null);

    static MlflowCredentials fromEnvironment(Map<String, String> env) {
        String username = blankToNull(env.get("MLFLOW_TRACKING_USERNAME"));
        String password = blankToNull(env.get("MLFLOW_TRACKING_PASSWORD"));
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD go together: "
                    + "set both, or neither");
        }
        return new MlflowCredentials(username, password, blankToNull(env.get("MLFLOW_TRACKING_TOKEN")));
    }

    BasicMlflowHostCreds hostCreds(String host) {
        return new BasicMlflowHostCreds(host, username, password, token, false);
    }

    /** The Authorization header mlflow-client sends for these credentials: basic first, as it does. */
    Optional<String> authorization() {
        if (username != null) {
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.ofNullable(token).map(t -> "Bearer " + t);
    }

    /** Never the values. */
    @Override
    public String toString() {
        return username != null ? "basic authentication" : token != null ? "a bearer token" : "no credentials";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
