package io.irisapi.protocol;

/** An error as the Open Inference Protocol and KServe V1 define it: {@code {"error": "..."}}. */
public record ProtocolError(String error) {
}
