package io.irisapi.filter;

import io.irisapi.core.RejectedException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;

import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies must be UTF-8 (RFC 8259, section 8.1), and are answered 415 otherwise. Jackson would silently decode
 * UTF-16 or UTF-32 by sniffing the first bytes and ignore a declared charset; refusing both keeps one encoding on the
 * wire, as the OpenAPI document says; and the bytes must be well-formed UTF-8 ({@link StrictUtf8InputStream}), CSV
 * bodies included. Runs after authentication, so anonymous requests cost no body read.
 */
@Priority(Priorities.ENTITY_CODER)
public class Utf8JsonFilter implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
        MediaType type = request.getMediaType();
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase(StandardCharsets.UTF_8.name())) {
            throw unsupported("request body must be UTF-8; Content-Type declares charset=" + charset);
        }
        // Only JSON is sniffed: a CSV body that does not look like UTF-8 text is a bad CSV body (400), as MLflow says.
        boolean json = type == null || type.getSubtype().equalsIgnoreCase("json") || type.getSubtype().endsWith("+json");
        if (!json) {
            request.setEntityStream(new StrictUtf8InputStream(request.getEntityStream()));
            return;
        }
        PushbackInputStream body = new PushbackInputStream(request.getEntityStream(), 2);
        try {
            byte[] head = new byte[2];
            int n = body.readNBytes(head, 0, 2);
            body.unread(head, 0, n);
            if (looksLikeUtf16Or32(head, n)) {
                throw unsupported("request body must be UTF-8 JSON; it looks like UTF-16 or UTF-32");
            }
        } catch (IOException e) {
            throw BodySizeLimitFilter.unreadable(e);
        }
        request.setEntityStream(new StrictUtf8InputStream(body));
    }

    /** UTF-8 JSON never holds a NUL byte nor starts with 0xFE/0xFF; UTF-16 and UTF-32 text always does one. */
    static boolean looksLikeUtf16Or32(byte[] head, int n) {
        return n > 0 && (head[0] == 0 || (head[0] & 0xFE) == 0xFE || (n >= 2 && head[1] == 0));
    }

    private static RejectedException unsupported(String message) {
        return new RejectedException(415, null, message);
    }
}
