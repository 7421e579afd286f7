package io.irisapi.mlflow;

/**
 * MLflow could not be reached or refused a request. Unlike {@link io.irisapi.core.ModelLoadException} (a version
 * that is bad and stays bad), this is usually transient: the next attempt may succeed.
 */
public class MlflowException extends RuntimeException {
    public MlflowException(String message) {
        super(message);
    }

    public MlflowException(String message, Throwable cause) {
        super(message, cause);
    }
}
