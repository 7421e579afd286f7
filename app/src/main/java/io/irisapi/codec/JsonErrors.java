package io.irisapi.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.irisapi.core.RejectedException;

import java.util.stream.Collectors;

/**
 * Body that is not the JSON a resource takes, as the one error type. Syntax errors and exceeded parser limits are
 * 400; well-formed JSON of the wrong shape (unknown field, wrong type) is 422 and names the field. Jackson's own text,
 * which may quote the input, is never echoed.
 */
public final class JsonErrors {
    /** How Jackson's message begins when a value is followed by more (FAIL_ON_TRAILING_TOKENS); it has no type. */
    private static final String TRAILING = "Trailing token";

    private JsonErrors() {
    }

    /** The error a JSON body that could not be bound gets. */
    public static RejectedException rejected(JsonProcessingException e) {
        if (e.getCause() instanceof RejectedException refused) {
            // Reading the body failed underneath the parser (too large, malformed UTF-8, stalled): that answer.
            return refused;
        }
        if (e instanceof StreamConstraintsException) {
            return RejectedException.malformed("request body exceeds the JSON parser's limits (number length, "
                    + "string length or nesting depth)");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return new RejectedException(422, field,
                    field + " is not a known field; expected " + unknown.getKnownPropertyIds());
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return new RejectedException(422, field, field + " has the wrong type: expected " + typeName(mismatch));
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage().startsWith(TRAILING)) {
            return RejectedException.malformed("malformed JSON: something follows the request body's value");
        }
        if (e instanceof MismatchedInputException) {
            return RejectedException.malformed("request body must be a JSON object");
        }
        return RejectedException.malformed("malformed JSON: " + e.getOriginalMessage());
    }

    private static String typeName(MismatchedInputException e) {
        Class<?> type = e.getTargetType();
        if (type == null) {
            return "another type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return type == String.class ? "a string" : "an object";
    }

    /** Jackson's path as the client wrote it: instances[2].sepal_length. */
    static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }
}
