package io.irisapi.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.MessageBodyWriter;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * Every JSON request and response body, read and written with the application's strict {@link ObjectMapper}
 * ({@link io.irisapi.codec.StrictJson}): one reader and one writer per class, made once. Jackson's JAX-RS provider,
 * which it replaces for {@code application/json} (Jersey prefers the nearer media type), looks its reader and writer
 * up on each request by hashing the resource method's annotations, OpenAPI's nested ones included: JFR put that lookup
 * at 11% of the request threads' samples of a single-row {@code /predict}. An empty body reads as {@code null}, which
 * each resource refuses in its protocol's words.
 */
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public final class JsonEntities implements MessageBodyReader<Object>, MessageBodyWriter<Object> {
    private final ClassValue<ObjectReader> readers;
    private final ClassValue<ObjectWriter> writers;

    public JsonEntities(ObjectMapper mapper) {
        this.readers = new ClassValue<>() {
            @Override
            protected ObjectReader computeValue(Class<?> type) {
                return mapper.readerFor(type).without(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            }
        };
        this.writers = new ClassValue<>() {
            @Override
            protected ObjectWriter computeValue(Class<?> type) {
                return mapper.writerFor(type).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            }
        };
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return true;
    }

    @Override
    public Object readFrom(Class<Object> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        ObjectReader reader = readers.get(type);
        try (JsonParser parser = reader.createParser(body)) {
            return parser.nextToken() == null ? null : reader.readValue(parser);
        }
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return true;
    }

    @Override
    public void writeTo(Object value, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream body) throws IOException {
        writers.get(type).writeValue(body, value);
    }
}
