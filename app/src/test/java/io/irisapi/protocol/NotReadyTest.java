package io.irisapi.protocol;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.dropwizard.util.Duration;
import io.irisapi.core.Algorithm;
import io.irisapi.core.EmbeddedModelSource;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ScoringObserver;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.protocol.iris.IrisProtocol;
import io.irisapi.protocol.kserve.KserveProtocol;
import io.irisapi.protocol.mlflow.MlflowProtocol;
import io.irisapi.protocol.oip.OipProtocol;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Before a model is loaded every protocol answers 503 in its own shape, with Retry-After. */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotReadyTest {
    /** Never started, so it never loads a model. */
    static final ModelManager MODELS = new ModelManager(new EmbeddedModelSource(Algorithm.LOGISTIC), Optional.empty(),
            Duration.seconds(1), new MetricRegistry());
    static final DataPlane DATA_PLANE = new DataPlane(MODELS, 10, ScoringObserver.NONE);
    static final ObjectMapper MAPPER = ProtocolResources.strictMapper();
    static final ResourceExtension RESOURCES = ProtocolResources.of(MAPPER,
            new MlflowProtocol(DATA_PLANE, MAPPER, "1.0.0"), new OipProtocol(DATA_PLANE, "1.0.0"),
            new KserveProtocol(DATA_PLANE), new IrisProtocol(DATA_PLANE, "1.0.0"));

    @SuppressWarnings("unchecked")
    private static Map<String, Object> unavailable(Response response) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeaderString("Retry-After")).isEqualTo("1");
        return response.readEntity(Map.class);
    }

    @Test
    void mlflowRoutes() {
        assertThat(unavailable(RESOURCES.target("/ping").request().get()))
                .containsEntry("error_code", "TEMPORARILY_UNAVAILABLE");
        assertThat(unavailable(RESOURCES.target("/invocations").request()
                .post(Entity.json("{\"inputs\": [[5.1, 3.5, 1.4, 0.2]]}"))))
                .containsEntry("error_code", "TEMPORARILY_UNAVAILABLE");
    }

    @Test
    void openInferenceAndV1Routes() {
        for (String path : new String[]{"/v2/health/live", "/"}) {
            assertThat(RESOURCES.target(path).request().get().getStatus()).as(path).isEqualTo(200);
        }
        for (String path : new String[]{"/v2/health/ready", "/v2/models/iris/ready", "/v2/models/iris",
                "/v1/models/iris"}) {
            assertThat(unavailable(RESOURCES.target(path).request().get())).as(path)
                    .containsOnlyKeys("error").containsEntry("error", "no model is loaded yet; retry shortly");
        }
        assertThat(unavailable(RESOURCES.target("/v2/models/iris/infer").request().post(Entity.json(
                "{\"inputs\": [{\"name\": \"x\", \"shape\": [1, 4], \"datatype\": \"FP32\", \"data\": [1, 2, 3, 4]}]}"))))
                .containsOnlyKeys("error");
        assertThat(unavailable(RESOURCES.target("/v1/models/iris:predict").request()
                .post(Entity.json("{\"instances\": [[1, 2, 3, 4]]}")))).containsOnlyKeys("error");
    }
}
