package io.irisapi.resources;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.setup.JerseyEnvironment;
import io.irisapi.core.Scorer;
import io.irisapi.errors.ProtocolErrorFilter;
import io.irisapi.resources.inference.BinaryTensorFilter;
import io.irisapi.resources.inference.InferenceResource;
import io.irisapi.resources.inference.UntypedBodyFilter;
import io.irisapi.resources.kserve.V1ModelResource;
import io.irisapi.resources.kserve.V1PredictResource;
import io.irisapi.resources.mlflow.InvocationsResource;
import io.irisapi.resources.mlflow.PingResource;
import io.irisapi.resources.mlflow.VersionResource;

/**
 * The ecosystem's serving protocols beside the service's own API: MLflow's scoring server, the Open Inference
 * Protocol (KServe V2) and KServe V1. All score through the same {@link Scorer}, with the same auth and limits;
 * their errors take each protocol's shape through {@link ProtocolErrorFilter}.
 */
public final class ServingProtocols {
    private ServingProtocols() {
    }

    public static void register(JerseyEnvironment jersey, Scorer scorer, ObjectMapper json, String serviceVersion) {
        jersey.register(new ProtocolErrorFilter());
        jersey.register(new UntypedBodyFilter());
        jersey.register(new BinaryTensorFilter());
        jersey.register(new PingResource(scorer.models()));
        jersey.register(new VersionResource(serviceVersion));
        jersey.register(new InvocationsResource(scorer, json));
        jersey.register(new InferenceResource(scorer, serviceVersion));
        jersey.register(new V1ModelResource(scorer.models()));
        jersey.register(new V1PredictResource(scorer));
    }
}
