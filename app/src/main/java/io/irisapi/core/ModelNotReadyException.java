package io.irisapi.core;

/** No model is loaded yet: the caller should retry (readiness is false meanwhile). */
public class ModelNotReadyException extends RejectedException {
    public ModelNotReadyException() {
        super(Reason.NOT_READY, null, "no model is loaded yet; retry shortly");
    }
}
