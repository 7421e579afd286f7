package io.irisapi.protocol.iris;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.irisapi.codec.JsonErrors;
import io.irisapi.codec.StrictJson;
import io.irisapi.core.RejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A batch's rows read flat give what Jackson's own list binding gives: the same rows, the same errors. */
class IrisFeaturesListDeserializerTest {
    private static final ObjectMapper MAPPER = mapper();
    private static final TypeReference<List<IrisFeatures>> JACKSON_LIST = new TypeReference<>() {
    };

    @Test
    void readsTheRowsJacksonsListBindingReads() throws Exception {
        Random random = new Random(11);
        List<String> rows = new ArrayList<>();
        String[] fields = {"sepal_length", "sepal_width", "petal_length", "petal_width"};
        for (int i = 0; i < 300; i++) {
            if (i % 50 == 7) {
                rows.add("null");
                continue;
            }
            List<String> members = new ArrayList<>();
            for (String field : fields) {
                int kind = random.nextInt(12);
                if (kind == 0) {
                    continue; // missing
                }
                String value = switch (kind) {
                    case 1 -> "null";
                    case 2 -> "NaN";
                    case 3 -> String.valueOf(random.nextInt(8));
                    default -> String.valueOf(random.nextDouble() * 8);
                };
                members.add('"' + field + "\":" + value);
            }
            Collections.shuffle(members, random);
            rows.add("{" + String.join(",", members) + "}");
        }
        String array = "[" + String.join(",", rows) + "]";

        List<IrisFeatures> flat = MAPPER.readValue("{\"instances\":" + array + "}", BatchRequest.class).instances();

        assertThat(flat).isNotInstanceOf(ArrayList.class).hasSize(300)
                .containsExactlyElementsOf(MAPPER.readValue(array, JACKSON_LIST));
    }

    /** The request type as Jackson would bind it on its own. */
    private record JacksonBatch(List<IrisFeatures> instances) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "5", "\"rows\"", "true", "[5]", "[[1, 2, 3, 4]]", "[\"a\"]", "[{\"colour\": 1}]",
        "[{\"sepal_length\": 1}, {\"sepal_width\": \"5\"}]", "[{\"sepal_length\": true}]", "[{\"petal_width\": {}}]",
        "[{\"sepal_length\": 1, \"sepal_length\": 2}]", "[{\"sepal_length\": 1}, {\"petal_width\": [1]}]",
        "[{\"sepal_length\": 1},", "[{\"sepal_length\": 1} {}]", "[{}, 3]"})
    void failsAsJacksonsListBindingFails(String instances) {
        String body = "{\"instances\":" + instances + "}";
        JsonProcessingException jackson = catchThrowableOfType(JsonProcessingException.class,
                () -> MAPPER.readValue(body, JacksonBatch.class));
        JsonProcessingException flat = catchThrowableOfType(JsonProcessingException.class,
                () -> MAPPER.readValue(body, BatchRequest.class));

        assertThat(flat).isInstanceOf(jackson.getClass());
        // What the client gets: status, message and field.
        RejectedException given = JsonErrors.rejected(flat);
        RejectedException expected = JsonErrors.rejected(jackson);
        assertThat(List.of(given.status(), String.valueOf(given.field()), given.getMessage()))
                .isEqualTo(List.of(expected.status(), String.valueOf(expected.field()), expected.getMessage()));
    }

    private static ObjectMapper mapper() {
        ObjectMapper mapper = Jackson.newObjectMapper();
        StrictJson.configure(mapper);
        return mapper;
    }
}
