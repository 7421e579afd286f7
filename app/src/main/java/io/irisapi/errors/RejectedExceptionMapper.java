package io.irisapi.errors;

import io.irisapi.core.RejectedException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public class RejectedExceptionMapper implements ExceptionMapper<RejectedException> {
    @Override
    public Response toResponse(RejectedException e) {
        return ErrorResponses.of(ErrorResponses.status(e.reason()), e.getMessage(), e.field());
    }
}
