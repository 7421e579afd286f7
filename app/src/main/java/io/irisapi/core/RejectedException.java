package io.irisapi.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one error a request gets, whoever refuses it (the codec, the data plane, auth, the body filters, Jersey,
 * Jetty): its HTTP status as the service's own API sends it, what is wrong, the field to blame if one is, and the
 * headers the status calls for. It carries no body: the route's protocol renders it (io.irisapi.errors), once.
 */
public final class RejectedException extends RuntimeException {
    private final int status;
    private final String field;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public RejectedException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** Input that breaks a rule of the model's contract (422); the message starts with the field it names. */
    public static RejectedException invalid(String field, String message) {
        return new RejectedException(422, field, field == null ? message : field + " " + message);
    }

    /** A body that cannot be read as the route's wire form at all (400). */
    public static RejectedException malformed(String message) {
        return new RejectedException(400, null, message);
    }

    /** More than the limits allow (413). */
    public static RejectedException tooLarge(String message) {
        return new RejectedException(413, null, message);
    }

    /** No model is loaded yet: the caller should retry (readiness is false meanwhile). */
    public static RejectedException notReady() {
        return new RejectedException(503, null, "no model is loaded yet; retry shortly").withHeader("Retry-After", "1");
    }

    public RejectedException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    /** The offending field as the client named it, or null when no single field is to blame. */
    public String field() {
        return field;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
