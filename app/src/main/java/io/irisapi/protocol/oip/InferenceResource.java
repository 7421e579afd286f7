package io.irisapi.protocol.oip;

import io.irisapi.core.IrisModel;
import io.irisapi.core.RejectedException;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.filter.BatchInput;
import io.irisapi.http.ModelVersionHeader;
import io.irisapi.protocol.AnswersWithoutModel;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The Open Inference Protocol (KServe V2; Triton and MLServer speak it too) for the one model served, named
 * {@value DataPlane#MODEL}. Health, readiness and metadata are open like the seed's /health; inference takes the API
 * key.
 * Versioned routes answer only for the version being served.
 */
@Path(InferenceResource.PATH)
@Tag(name = "Open Inference Protocol (KServe V2)")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceResource {
    /** The protocol's routes, and every path below it (whose 404s and 405s are the protocol's too). */
    public static final String PATH = "/v2";

    private final DataPlane dataPlane;
    private final String serviceVersion;

    public InferenceResource(DataPlane dataPlane, String serviceVersion) {
        this.dataPlane = dataPlane;
        this.serviceVersion = serviceVersion;
    }

    @GET
    @AnswersWithoutModel
    @Operation(summary = "Server metadata")
    public Metadata.Server server() {
        return new Metadata.Server("iris-api", serviceVersion, List.of());
    }

    @GET
    @Path("health/live")
    @AnswersWithoutModel
    @Operation(summary = "Liveness: 200 while the server runs")
    public Metadata.Live live() {
        return new Metadata.Live(true);
    }

    @GET
    @Path("health/ready")
    @Operation(summary = "Readiness: 200 once a model is loaded, 503 before")
    public Metadata.Ready ready() {
        dataPlane.ready();
        return new Metadata.Ready(true);
    }

    @GET
    @Path("models/{model}")
    @Operation(summary = "Model metadata: its version, input and outputs")
    public Metadata.Model model(@PathParam("model") String model) {
        return metadata(dataPlane.model(model, null));
    }

    @GET
    @Path("models/{model}/versions/{version}")
    @Operation(summary = "Model metadata of the version being served (404 for any other)")
    public Metadata.Model modelVersion(@PathParam("model") String model, @PathParam("version") String version) {
        return metadata(dataPlane.model(model, version));
    }

    @GET
    @Path("models/{model}/ready")
    @Operation(summary = "Model readiness: 200 once loaded, 503 before")
    public Metadata.ModelReady modelReady(@PathParam("model") String model) {
        dataPlane.model(model, null);
        return new Metadata.ModelReady(DataPlane.MODEL, true);
    }

    @GET
    @Path("models/{model}/versions/{version}/ready")
    @Operation(summary = "Readiness of the version being served (404 for any other)")
    public Metadata.ModelReady modelVersionReady(@PathParam("model") String model,
                                                 @PathParam("version") String version) {
        dataPlane.model(model, version);
        return new Metadata.ModelReady(DataPlane.MODEL, true);
    }

    @POST
    @Path("models/{model}/infer")
    @PermitAll
    @BatchInput
    @SecurityRequirement(name = "ApiKey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference: class_index (INT64), label (BYTES) and probabilities (FP32 [N, 3])",
            responses = @ApiResponse(responseCode = "200", description = "The requested outputs",
                    content = @Content(schema = @Schema(implementation = InferenceResponse.class))))
    public Response infer(@PathParam("model") String model, InferenceRequest request) {
        return infer(model, null, request);
    }

    @POST
    @Path("models/{model}/versions/{version}/infer")
    @PermitAll
    @BatchInput
    @SecurityRequirement(name = "ApiKey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference by the version being served (404 for any other)",
            responses = @ApiResponse(responseCode = "200", description = "The requested outputs",
                    content = @Content(schema = @Schema(implementation = InferenceResponse.class))))
    public Response inferVersion(@PathParam("model") String model, @PathParam("version") String version,
                                 InferenceRequest request) {
        return infer(model, version, request);
    }

    private Response infer(String model, String version, InferenceRequest request) {
        IrisModel named = dataPlane.model(model, version);
        if (request != null) {
            agrees("model_name", request.modelName(), model);
            agrees("model_version", request.modelVersion(), version == null ? named.version() : version);
        }
        List<double[]> rows = dataPlane.rows(maxRows -> Tensors.rows(request, maxRows));
        List<String> outputs = Tensors.outputNames(request);
        DataPlane.Result result = dataPlane.score(rows, version);
        List<InferenceResponse.Output> tensors = outputs.stream()
                .map(name -> Tensors.output(name, result.predictions()))
                .toList();
        return ModelVersionHeader.ok(
                new InferenceResponse(DataPlane.MODEL, result.model().version(), request.id(), tensors), result.model());
    }

    /** A field of the body that names what the path names already: absent, or the same. */
    private static void agrees(String field, String given, String expected) {
        if (given != null && !given.equals(expected)) {
            String shown = given.length() <= 64 ? given : given.substring(0, 64) + "...";
            throw RejectedException.invalid(field, "is '" + shown + "', which contradicts the path: '" + expected
                    + "'");
        }
    }

    private static Metadata.Model metadata(IrisModel model) {
        return new Metadata.Model(DataPlane.MODEL, List.of(model.version()), "weka",
                List.of(Tensors.INPUT), Tensors.OUTPUT_ORDER.stream().map(Tensors.OUTPUTS::get).toList());
    }
}
