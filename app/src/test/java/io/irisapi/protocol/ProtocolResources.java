package io.irisapi.protocol;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.dropwizard.util.Duration;
import io.irisapi.codec.StrictJson;
import io.irisapi.core.Algorithm;
import io.irisapi.core.EmbeddedModelSource;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ScoringObserver;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.errors.ErrorMapper;
import io.irisapi.errors.ErrorRenderer;
import io.irisapi.http.JsonEntities;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocols' Jersey components as the application registers them (the strict JSON mapper, the one JSON entity
 * provider, the one exception mapper), in memory: no HTTP server, key check or body limits, which
 * {@code ProtocolWiringTest} drives through the whole application.
 */
public final class ProtocolResources {
    /** At most 5 rows per batch, as {@link ServingApp}'s. */
    public static final int MAX_BATCH_ROWS = 5;

    private ProtocolResources() {
    }

    /** The application's JSON rules, on a mapper of its own. */
    public static ObjectMapper strictMapper() {
        ObjectMapper mapper = Jackson.newObjectMapper();
        StrictJson.configure(mapper);
        StrictJson.refuseScalarConversions(mapper);
        return mapper;
    }

    /** A data plane over {@code models}, holding the embedded logistic model ({@code embedded-logistic}). */
    public static DataPlane dataPlane(ModelManager models) {
        models.swap(new EmbeddedModelSource(Algorithm.LOGISTIC).load());
        return new DataPlane(models, MAX_BATCH_ROWS, ScoringObserver.NONE);
    }

    /** A data plane over the embedded logistic model. */
    public static DataPlane dataPlane() {
        return dataPlane(new ModelManager(null, Optional.empty(), Duration.seconds(1), new MetricRegistry()));
    }

    /** The protocols in the application's order: the last one's error shape answers for routes no other claims. */
    public static ResourceExtension of(ObjectMapper mapper, Protocol... protocols) {
        return of(mapper, new Routes(List.of(protocols)));
    }

    /** The protocols of {@code routes}, which learns Jersey's resource model of them. */
    public static ResourceExtension of(ObjectMapper mapper, Routes routes) {
        ResourceExtension.Builder builder = ResourceExtension.builder()
                .setMapper(mapper)
                .setRegisterDefaultExceptionMappers(false)
                .addProvider(new JsonEntities(mapper))
                .addProvider(routes)
                .addProvider(new ErrorMapper(new ErrorRenderer(routes)));
        for (Protocol protocol : routes.protocols()) {
            protocol.components().forEach(builder::addResource);
        }
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> json(Response response) {
        return response.readEntity(Map.class);
    }

    /** KServe's error shape, V1 and V2 alike: {"error": "..."} and nothing else. */
    public static void assertKServeError(Response response, int status, String messagePart) {
        assertThat(response.getStatus()).isEqualTo(status);
        Map<String, Object> body = json(response);
        assertThat(body).containsOnlyKeys("error");
        assertThat((String) body.get("error")).contains(messagePart);
    }
}
