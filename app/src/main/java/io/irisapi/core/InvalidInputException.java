package io.irisapi.core;

/** Input that breaks a rule of the model's contract; the message starts with the field it names. */
public class InvalidInputException extends RejectedException {
    public InvalidInputException(String field, String message) {
        super(Reason.INVALID, field, field == null ? message : field + " " + message);
    }
}
