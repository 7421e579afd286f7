package io.irisapi.filter;

import io.irisapi.api.ApiError;
import io.irisapi.core.Limits;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.irisapi.errors.ErrorResponses;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Refuses request bodies over the configured size with 413, for every resource: at once when Content-Length says so,
 * and while reading when a chunked body runs over, so that no resource ever buffers more than the limit.
 * A body that cannot be read to its end (the client stalls past the idle timeout, or closes early) is the client's
 * fault too: 408 or 400, not the 500 an IOException out of the JSON reader would otherwise become.
 *
 * <p>Bound to each resource method with its limit when the application starts ({@link Binding}), so that a request
 * does not look up its resource method (an injected proxy) to find it.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimitFilter implements ContainerRequestFilter {
    private final long limit;

    private BodySizeLimitFilter(long limit) {
        this.limit = limit;
    }

    /** Every resource method gets the body limit, or the batch limit when it is marked {@link BatchInput}. */
    public static class Binding implements DynamicFeature {
        private final BodySizeLimitFilter single;
        private final BodySizeLimitFilter batch;

        public Binding(Limits limits) {
            this.single = new BodySizeLimitFilter(limits.getMaxBodySize().toBytes());
            this.batch = new BodySizeLimitFilter(limits.getMaxBatchBodySize().toBytes());
        }

        @Override
        public void configure(ResourceInfo resource, FeatureContext context) {
            context.register(resource.getResourceMethod().isAnnotationPresent(BatchInput.class) ? batch : single);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > limit) {
            throw tooLarge(limit);
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }

    static WebApplicationException tooLarge(long limit) {
        return new WebApplicationException(Response.status(Response.Status.REQUEST_ENTITY_TOO_LARGE)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(413, "request body is larger than " + limit + " bytes", null))
                .build());
    }

    static WebApplicationException unreadable(IOException e) {
        boolean timedOut = e instanceof InterruptedIOException || e.getCause() instanceof TimeoutException;
        return new WebApplicationException(timedOut
                ? ErrorResponses.of(408, "request body not received in time: the client stopped sending", null)
                : ErrorResponses.of(400, "request body ended before its declared length", null));
    }

    private static final class LimitedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        LimitedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw tooLarge(limit);
            }
        }
    }
}
