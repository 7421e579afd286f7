package io.irisapi.protocol.oip;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;

/**
 * Refuses the protocol's binary tensor extension (a JSON header followed by raw bytes, announced by
 * {@value #HEADER}) with a message that says what to do, instead of a JSON syntax error on the bytes.
 * It runs after authentication, before the body is read.
 */
@Priority(Priorities.USER)
public class BinaryTensorFilter implements ContainerRequestFilter {
    static final String HEADER = "Inference-Header-Content-Length";

    @Context
    private ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getHeaderString(HEADER) != null && resource.getResourceClass() == InferenceResource.class) {
            throw Tensors.binaryData();
        }
    }
}
