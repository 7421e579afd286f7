package io.irisapi.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.irisapi.codec.ClassProbabilities;
import io.irisapi.codec.JsonErrors;
import io.irisapi.codec.StrictJson;
import io.irisapi.protocol.iris.IrisFeatures;
import jakarta.ws.rs.core.MediaType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonEntitiesTest {
    static final String ROW = "{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}";
    static final ObjectMapper MAPPER = strict();
    static final JsonEntities ENTITIES = new JsonEntities(MAPPER);

    private static ObjectMapper strict() {
        ObjectMapper mapper = Jackson.newObjectMapper();
        StrictJson.configure(mapper);
        return mapper;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object read(Class<?> type, String body) throws IOException {
        return ENTITIES.readFrom((Class) type, type, new Annotation[0], MediaType.APPLICATION_JSON_TYPE, null,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsTheBodyWithTheApplicationsMapper() throws IOException {
        assertThat(read(IrisFeatures.class, ROW)).isEqualTo(new IrisFeatures(5.1, 3.5, 1.4, 0.2));
        assertThatThrownBy(() -> read(IrisFeatures.class, ROW.replace("}", ",\"colour\":1}")))
                .isInstanceOf(JsonProcessingException.class).hasMessageContaining("colour");
    }

    @Test
    void anEmptyBodyIsNoEntity() throws IOException {
        assertThat(read(IrisFeatures.class, "")).isNull();
        assertThat(read(IrisFeatures.class, " \n")).isNull();
    }

    /** The body is read to its end: a second value, or bytes after the first, make it malformed. */
    @Test
    void nothingMayFollowTheValue() {
        for (String after : new String[] {" {}", "\ntrue", "]"}) {
            assertThatThrownBy(() -> read(IrisFeatures.class, ROW + after)).as(after)
                    .isInstanceOfSatisfying(JsonProcessingException.class, e -> assertThat(
                            JsonErrors.rejected(e).getMessage()).startsWith("malformed JSON"));
        }
    }

    @Test
    void writesAsTheMapperDoesAndLeavesTheStreamOpen() throws IOException {
        ClassProbabilities value = ClassProbabilities.of(new double[] {0.25, 0.5, 0.25});
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("the entity stream is Jersey's to close");
            }
        };
        ENTITIES.writeTo(value, value.getClass(), value.getClass(), new Annotation[0],
                MediaType.APPLICATION_JSON_TYPE, null, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(MAPPER.writeValueAsString(value));
    }
}
