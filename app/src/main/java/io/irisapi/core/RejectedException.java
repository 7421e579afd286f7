package io.irisapi.core;

/** A request the service will not answer, and why; each protocol maps the reason to its own status and error shape. */
public abstract class RejectedException extends RuntimeException {
    public enum Reason {
        /** The input breaks the model's contract (HTTP 422 on the service's own API). */
        INVALID,
        /** The input is larger than the limits allow (413). */
        TOO_LARGE,
        /** No model is loaded yet (503). */
        NOT_READY
    }

    private final Reason reason;
    private final String field;

    protected RejectedException(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    /** The offending field as the client named it, or null when no single field is to blame. */
    public String field() {
        return field;
    }
}
