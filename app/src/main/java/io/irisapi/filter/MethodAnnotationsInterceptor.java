package io.irisapi.filter;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;

import java.io.IOException;
import java.lang.annotation.Annotation;

/**
 * Hands the JSON reader and writer no annotations. Jackson's JAX-RS provider looks up its configured reader or
 * writer by a hash of the resource method's annotations, on every request; the OpenAPI annotations nest several
 * levels deep and Java recomputes an annotation's hash each time, which made that lookup about 6% of the profile of
 * {@code /predict}. Jackson only reads its own annotations there ({@code @JsonView} and the like), which no resource
 * uses, so the result is the same.
 */
public class MethodAnnotationsInterceptor implements ReaderInterceptor, WriterInterceptor {
    private static final Annotation[] NONE = new Annotation[0];

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException, WebApplicationException {
        context.setAnnotations(NONE);
        return context.proceed();
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException, WebApplicationException {
        context.setAnnotations(NONE);
        context.proceed();
    }
}
