package io.irisapi.protocol.oip;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Open Inference Protocol clients (tritonclient among them) send inference requests without a Content-Type: the
 * protocol's body is JSON. Such a body is read as JSON here, before Jersey would refuse it with 415; so is one that
 * announces binary tensors whatever its type, so that {@link BinaryTensorFilter} can say what to do instead.
 */
@PreMatching
public class UntypedBodyFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        boolean untyped = request.getMediaType() == null
                || request.getHeaderString(BinaryTensorFilter.HEADER) != null;
        if (HttpMethod.POST.equals(request.getMethod()) && untyped
                && ("/" + request.getUriInfo().getPath()).startsWith(InferenceResource.PATH + "/")) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }
}
