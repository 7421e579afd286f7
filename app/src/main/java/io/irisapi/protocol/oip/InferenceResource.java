package io.irisapi.protocol.oip;

import io.irisapi.core.IrisModel;
import io.irisapi.core.ModelManager;
import io.irisapi.core.RejectedException;
import io.irisapi.core.Scorer;
import io.irisapi.filter.BatchInput;
import io.irisapi.http.ModelVersionHeader;
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
 * {@value #MODEL}. Health, readiness and metadata are open like the seed's /health; inference takes the API key.
 * Versioned routes answer only for the version being served.
 */
@Path("/v2")
@Tag(name = "Open Inference Protocol (KServe V2)")
@Produces(MediaType.APPLICATION_JSON)
public class InferenceResource {
    public static final String MODEL = "iris";

    private final Scorer scorer;
    private final ModelManager models;
    private final String serviceVersion;

    public InferenceResource(Scorer scorer, String serviceVersion) {
        this.scorer = scorer;
        this.models = scorer.models();
        this.serviceVersion = serviceVersion;
    }

    @GET
    @Operation(summary = "Server metadata")
    public Metadata.Server server() {
        return new Metadata.Server("iris-api", serviceVersion, List.of());
    }

    @GET
    @Path("health/live")
    @Operation(summary = "Liveness: 200 while the server runs")
    public Metadata.Live live() {
        return new Metadata.Live(true);
    }

    @GET
    @Path("health/ready")
    @Operation(summary = "Readiness: 200 once a model is loaded, 503 before")
    public Metadata.Ready ready() {
        models.require();
        return new Metadata.Ready(true);
    }

    @GET
    @Path("models/{model}")
    @Operation(summary = "Model metadata: its version, input and outputs")
    public Metadata.Model model(@PathParam("model") String model) {
        return metadata(served(model, null));
    }

    @GET
    @Path("models/{model}/versions/{version}")
    @Operation(summary = "Model metadata of the version being served (404 for any other)")
    public Metadata.Model modelVersion(@PathParam("model") String model, @PathParam("version") String version) {
        return metadata(served(model, version));
    }

    @GET
    @Path("models/{model}/ready")
    @Operation(summary = "Model readiness: 200 once loaded, 503 before")
    public Metadata.ModelReady modelReady(@PathParam("model") String model) {
        served(model, null);
        return new Metadata.ModelReady(MODEL, true);
    }

    @GET
    @Path("models/{model}/versions/{version}/ready")
    @Operation(summary = "Readiness of the version being served (404 for any other)")
    public Metadata.ModelReady modelVersionReady(@PathParam("model") String model,
                                                 @PathParam("version") String version) {
        served(model, version);
        return new Metadata.ModelReady(MODEL, true);
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
        IrisModel named = served(model, version);
        if (request != null) {
            agrees("model_name", request.modelName(), model);
            agrees("model_version", request.modelVersion(), version == null ? named.version() : version);
        }
        List<double[]> rows = Tensors.rows(request, scorer.maxBatchRows());
        List<String> outputs = Tensors.outputNames(request);
        Scorer.Result result = scorer.score(rows);
        if (version != null && !version.equals(result.model().version())) {
            // Another model was swapped in after the check: the caller asked for that version only.
            throw notServed(model, version, result.model());
        }
        List<InferenceResponse.Output> tensors = outputs.stream()
                .map(name -> Tensors.output(name, result.predictions()))
                .toList();
        return ModelVersionHeader.ok(new InferenceResponse(MODEL, result.model().version(), request.id(), tensors),
                result.model());
    }

    /** A field of the body that names what the path names already: absent, or the same. */
    private static void agrees(String field, String given, String expected) {
        if (given != null && !given.equals(expected)) {
            throw RejectedException.invalid(field, "is '" + abbreviate(given) + "', which contradicts the path: '"
                    + expected + "'");
        }
    }

    /** The model being served, if it is the one named (and the version given, when one is); 404 otherwise. */
    private IrisModel served(String model, String version) {
        requireName(model);
        IrisModel served = models.require();
        if (version != null && !version.equals(served.version())) {
            throw notServed(model, version, served);
        }
        return served;
    }

    /** 404 unless the path names the model served; the KServe V1 routes use it too. */
    public static void requireName(String model) {
        if (!MODEL.equals(model)) {
            throw new RejectedException(404, null, "model '" + abbreviate(model)
                    + "' is not served here; the model is '" + MODEL + "'");
        }
    }

    private static RejectedException notServed(String model, String version, IrisModel served) {
        return new RejectedException(404, null, "version '" + abbreviate(version) + "' of model '"
                + model + "' is not served; the version served is '" + served.version() + "'");
    }

    private static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    private static Metadata.Model metadata(IrisModel model) {
        return new Metadata.Model(MODEL, List.of(model.version()), "weka",
                List.of(Tensors.INPUT), Tensors.OUTPUT_ORDER.stream().map(Tensors.OUTPUTS::get).toList());
    }
}
