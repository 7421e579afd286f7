package io.irisapi.core;

/** A batch with more rows than the configured limit. */
public class TooManyRowsException extends RejectedException {
    public TooManyRowsException(int rows, int limit) {
        super(Reason.TOO_LARGE, null, "batch has " + rows + " rows; the limit is " + limit);
    }
}
