package io.irisapi.filter;

import io.irisapi.core.RejectedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;

/**
 * Refuses request bodies over the configured size with 413, for every resource: at once when Content-Length says so
 * (any length a client can write, past what an int holds too), and while reading when a chunked body runs over, so
 * that no resource ever buffers more than the limit. A body that cannot be read to its end (the client stalls past
 * the idle timeout, or closes early) is the client's fault too: 408 or 400, and so is one that says it is gzip and is
 * not; neither becomes the 500 an exception out of the JSON reader would. A content coding other than gzip (which
 * Jetty decodes) or identity is refused with 415 (RFC 9110, section 15.5.16), before any of the body is read.
 *
 * <p>Bound to each resource method with its limit when the application starts ({@link Binding}), so that a request
 * does not look up its resource method (an injected proxy) to find it.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public class BodySizeLimitFilter implements ContainerRequestFilter {
    /** Jetty's GzipHandler decodes gzip request bodies; nothing decodes another coding. */
    private static final Set<String> SUPPORTED_CODINGS = Set.of("gzip", "identity");

    private final long limit;

    private BodySizeLimitFilter(long limit) {
        this.limit = limit;
    }

    /** Every resource method gets the body limit, or the batch limit when it is marked {@link BatchInput}. */
    public static class Binding implements DynamicFeature {
        private final BodySizeLimitFilter single;
        private final BodySizeLimitFilter batch;

        public Binding(long bodyLimit, long batchBodyLimit) {
            this.single = new BodySizeLimitFilter(bodyLimit);
            this.batch = new BodySizeLimitFilter(batchBodyLimit);
        }

        @Override
        public void configure(ResourceInfo resource, FeatureContext context) {
            context.register(resource.getResourceMethod().isAnnotationPresent(BatchInput.class) ? batch : single);
        }
    }

    @Override
    public void filter(ContainerRequestContext request) {
        // Jersey's getLength() parses an int and fails on longer lengths; Jetty has already refused non-numeric ones.
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declared(length) > limit) {
            throw tooLarge(limit);
        }
        String coding = request.getHeaderString(HttpHeaders.CONTENT_ENCODING);
        if (coding != null && !SUPPORTED_CODINGS.contains(coding.trim().toLowerCase(Locale.ROOT))) {
            throw new RejectedException(415, null,
                    "Content-Encoding " + abbreviate(coding) + " is not supported; send gzip or identity")
                    .withHeader(HttpHeaders.ACCEPT_ENCODING, "gzip, identity");
        }
        request.setEntityStream(new LimitedInputStream(request.getEntityStream(), limit));
    }

    /** The declared length; past a long's range (2^63 and more) as long as any. */
    private static long declared(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }

    static RejectedException tooLarge(long limit) {
        return RejectedException.tooLarge("request body is larger than " + limit + " bytes");
    }

    /** A read that failed: the body stopped, ended early, or was not the gzip it said it was. */
    static RejectedException unreadable(Exception e) {
        if (e instanceof ZipException || e.getCause() instanceof ZipException) {
            return RejectedException.malformed("request body is not valid gzip, as its Content-Encoding says it is");
        }
        boolean timedOut = e instanceof InterruptedIOException || e.getCause() instanceof TimeoutException;
        return timedOut
                ? new RejectedException(408, null, "request body not received in time: the client stopped sending")
                : RejectedException.malformed("request body ended before its declared length");
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
            } catch (IOException | RuntimeException e) {
                throw e instanceof RejectedException r ? r : unreadable(e);
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
            } catch (IOException | RuntimeException e) {
                throw e instanceof RejectedException r ? r : unreadable(e);
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
