package io.irisapi.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import java.util.stream.Collectors;

/**
 * Body that is not the JSON a resource takes. Syntax errors and exceeded parser limits are 400; well-formed JSON of
 * the wrong shape (unknown field, wrong type) is 422 and names the field. Jackson's own text, which may quote the
 * input, is never echoed.
 */
@Priority(1)
public class JsonInputExceptionMapper implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
        if (e.getCause() instanceof WebApplicationException refused) {
            // Reading the body failed underneath the parser (too large, malformed UTF-8, stalled): that answer.
            return refused.getResponse();
        }
        if (e instanceof StreamConstraintsException) {
            return ErrorResponses.of(400, "request body exceeds the JSON parser's limits (number length, "
                    + "string length or nesting depth)", null);
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ErrorResponses.of(422, field + " is not a known field; expected " + unknown.getKnownPropertyIds(),
                    field);
        }
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            return ErrorResponses.of(422, field + " has the wrong type: expected " + typeName(mismatch), field);
        }
        if (e instanceof MismatchedInputException) {
            return ErrorResponses.of(400, "request body must be a JSON object", null);
        }
        return ErrorResponses.of(400, "malformed JSON: " + e.getOriginalMessage(), null);
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
