package io.irisapi.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.irisapi.api.ApiError;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The one 401 answer: it never says whether the key was missing or wrong, and never echoes it. */
public class JsonUnauthorizedHandler implements UnauthorizedHandler {
    static final String MESSAGE = "missing or invalid API key: send a valid key in the X-API-Key header";

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(401, MESSAGE, null))
                .build();
    }
}
