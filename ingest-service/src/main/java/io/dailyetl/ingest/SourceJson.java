package io.dailyetl.ingest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * How source pages are read: every JSON number keeps its exact decimal value (no binary floating point
 * anywhere, design 3.2 rule 3), so {@code 0.1} stays 0.1 and {@code 12.50} keeps its scale.
 */
public final class SourceJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private SourceJson() {
    }

    /** The shared, thread-safe mapper for source pages and raw records. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
