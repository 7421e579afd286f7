package io.irisapi.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.irisapi.core.RejectedException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What the readers' tests share: JSON read as the service reads it, and a refusal's status and exact message. */
final class Refusals {
    private static final ObjectMapper MAPPER = Jackson.newObjectMapper();

    static {
        StrictJson.configure(MAPPER);
    }

    private Refusals() {
    }

    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assertRefused(ThrowingCallable read, int status, String message) {
        RejectedException refused = catchThrowableOfType(RejectedException.class, read);
        assertThat(refused).as("refused with: " + message).isNotNull();
        assertThat(refused.getMessage()).isEqualTo(message);
        assertThat(refused.status()).as(message).isEqualTo(status);
    }
}
