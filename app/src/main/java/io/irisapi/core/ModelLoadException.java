package io.irisapi.core;

/** A model that cannot be served: missing, unreadable, foreign or wrong. The message says which, for a human. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
