package io.irisapi.errors;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.glassfish.jersey.server.model.RuntimeResource;

import java.util.Set;
import java.util.TreeSet;

/** 415 that says which content types the route takes, read from Jersey's model of the resource the path matched. */
public class UnsupportedMediaTypeMapper implements ExceptionMapper<NotSupportedException> {
    @Context
    private ExtendedUriInfo uriInfo;

    @Context
    private Request request;

    @Override
    public Response toResponse(NotSupportedException e) {
        Set<String> accepted = new TreeSet<>();
        for (RuntimeResource runtime : uriInfo.getMatchedRuntimeResources()) {
            for (Resource resource : runtime.getResources()) {
                for (ResourceMethod method : resource.getResourceMethods()) {
                    if (method.getHttpMethod().equals(request.getMethod())) {
                        method.getConsumedTypes().forEach(type -> accepted.add(type.toString()));
                    }
                }
            }
        }
        return ErrorResponses.of(415, accepted.isEmpty() ? "this content type is not accepted here"
                : "this content type is not accepted here; send " + String.join(" or ", accepted), null);
    }
}
