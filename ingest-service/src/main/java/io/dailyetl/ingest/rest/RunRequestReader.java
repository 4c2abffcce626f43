package io.dailyetl.ingest.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Reads the body of {@code POST /api/runs} as a {@link RunRequest} with the application's JSON mapper, whatever its
 * content type (an empty POST needs none, and is no request at all). Unknown fields are refused, which the mapper
 * otherwise ignores: a misspelt field ("form") must not silently start a different run than the one asked for.
 */
@Provider
@Consumes(MediaType.WILDCARD)
public class RunRequestReader implements MessageBodyReader<RunRequest> {

    private final ObjectReader json;

    RunRequestReader(ObjectMapper mapper) {
        this.json = mapper.readerFor(RunRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == RunRequest.class;
    }

    @Override
    public RunRequest readFrom(
            Class<RunRequest> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> headers,
            InputStream body)
            throws IOException {
        byte[] bytes = body.readAllBytes();
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        return json.readValue(bytes);
    }
}
