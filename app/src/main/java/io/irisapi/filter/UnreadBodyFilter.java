package io.irisapi.filter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.InputStream;

/**
 * An error answered before the request's body was read (401, 415, 404, ...) leaves that body on the connection. Jetty
 * then closed the connection without saying so, and a client's next request on it failed. Here the rest of the body
 * is read and dropped, up to the batch body limit, so that the connection stays usable; a longer body, or one that
 * cannot be read to its end, gets {@code Connection: close} instead, so that the client knows not to reuse it.
 */
public class UnreadBodyFilter implements ContainerResponseFilter {
    private final long limit;

    public UnreadBodyFilter(long limit) {
        this.limit = limit;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() < 400 || !hasBody(request)) {
            return;
        }
        if (!drained(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static boolean hasBody(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        return length != null && !length.trim().equals("0") || request.getHeaderString("Transfer-Encoding") != null;
    }

    /** True once the body has been read to its end within the limit. */
    private boolean drained(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            if (length != null && Long.parseLong(length.trim()) > limit) {
                return false;
            }
            InputStream body = request.getEntityStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            for (int n; (n = body.read(buffer)) >= 0; ) {
                read += n;
                if (read > limit) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) { // a body that stalls, breaks off, overflows or is malformed: not reusable
            return false;
        }
    }
}
