package io.irisapi.protocol.iris;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Every error the service's own API returns: the HTTP status, what is wrong, and which field when one is to blame. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int code, String message, String field) {
}
