package io.dailyetl.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dailyetl.common.JsonLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * How source pages are read: every JSON number keeps its exact decimal value (no binary floating point
 * anywhere: amounts are exact decimals), so {@code 0.1} stays 0.1 and {@code 12.50} keeps its scale. Its read limits are
 * set explicitly: number tokens of at most {@value JsonLimits#MAX_NUMBER_LENGTH} characters (longer ones would cost
 * quadratic parsing; such a page is refused whole), strings and nesting up to what a page can hold and the cleaner
 * can judge, so that a record with a huge string or deep nesting becomes a reject rather than a failed page.
 */
public final class SourceJson {

    /** Deepest nesting a page may have; the cleaner rejects records nested deeper than JsonLimits allows. */
    public static final int MAX_PAGE_DEPTH = 1000;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNumberLength(JsonLimits.MAX_NUMBER_LENGTH)
                            .maxStringLength(Integer.MAX_VALUE) // pages are bounded by ingest.source.max-page-bytes
                            .maxNestingDepth(MAX_PAGE_DEPTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private SourceJson() {}

    /**
     * Reads a page. A number whose exponent is beyond what a decimal can carry ({@code 1e2147483648}) would make
     * Jackson refuse the whole page, and with it every daily run until the source drops the record; it is read
     * instead as ±1 with the most extreme exponent there is, which the cleaner rejects, record by record, as out
     * of range.
     */
    public static JsonNode readTree(byte[] page) throws IOException {
        return readTree(page, 0, page.length);
    }

    /** Reads {@code length} bytes of {@code page} from {@code offset} (one record of it, say) as {@link #readTree(byte[])} does. */
    public static JsonNode readTree(byte[] page, int offset, int length) throws IOException {
        try (JsonParser p = parser(page, offset, length)) {
            return MAPPER.readTree(p);
        }
    }

    /**
     * A parser over {@code length} bytes of {@code page} from {@code offset}, with the same limits and number
     * semantics as {@link #readTree(byte[])} (the huge-exponent fallback included): what reading a page token by
     * token uses, so that what it reads as trees ({@code readValueAsTree}) is what {@code readTree} would give.
     * Byte offsets it reports count from the start of {@code page}.
     */
    public static JsonParser parser(byte[] page, int offset, int length) throws IOException {
        return new JsonParserDelegate(MAPPER.getFactory().createParser(page, offset, length)) {
            @Override
            public BigDecimal getDecimalValue() throws IOException {
                try {
                    return super.getDecimalValue();
                } catch (NumberFormatException | StreamReadException e) {
                    String text = getText();
                    int e10 = Math.max(text.indexOf('e'), text.indexOf('E'));
                    if (e10 < 0) {
                        throw e;
                    }
                    boolean tiny = e10 + 1 < text.length() && text.charAt(e10 + 1) == '-';
                    BigInteger one = text.startsWith("-") ? BigInteger.ONE.negate() : BigInteger.ONE;
                    return new BigDecimal(one, tiny ? Integer.MAX_VALUE : Integer.MIN_VALUE);
                }
            }
        };
    }

    /** The shared, thread-safe mapper for source pages and raw records. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
