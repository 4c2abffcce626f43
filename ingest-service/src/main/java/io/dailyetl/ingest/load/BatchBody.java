package io.dailyetl.ingest.load;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.contract.Iso8601;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.StorableJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One batch body being written: {@code {"records":[…],"rejects":[…]}}, both arrays streamed as they fill. */
final class BatchBody {
    private static final byte[] RECORDS_PREFIX = "{\"records\":".getBytes(StandardCharsets.UTF_8);
    private static final byte[] REJECTS_PREFIX = ",\"rejects\":".getBytes(StandardCharsets.UTF_8);
    private final ByteArrayOutputStream recordsOut = new ByteArrayOutputStream(256 * 1024);
    private final ByteArrayOutputStream rejectsOut = new ByteArrayOutputStream(1024);
    private final JsonGenerator recordsJson;
    private final JsonGenerator rejectsJson;
    int records;
    int rejects;

    BatchBody() {
        try {
            recordsOut.writeBytes(RECORDS_PREFIX);
            recordsJson = SourceJson.mapper().getFactory().createGenerator(recordsOut);
            rejectsJson = SourceJson.mapper().getFactory().createGenerator(rejectsOut);
            recordsJson.writeStartArray();
            rejectsJson.writeStartArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void record(Cleaned.Clean r) {
        try {
            recordsJson.writeStartObject();
            recordsJson.writeStringField("id", r.id());
            recordsJson.writeStringField("userId", r.userId());
            recordsJson.writeStringField("amount", r.amount().toPlainString());
            recordsJson.writeStringField("status", r.status());
            recordsJson.writeStringField("createdAt", Iso8601.format(r.createdAt()));
            recordsJson.writeFieldName("attributes");
            if (r.rawAttributes() != null) {
                // the attributes as the source wrote them, spliced in after what the generator wrote so far
                recordsJson.writeRawValue("");
                recordsJson.flush();
                r.rawAttributes().writeTo(recordsOut);
            } else {
                writeTree(recordsJson, r.attributes());
            }
            recordsJson.writeEndObject();
            records++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void reject(JsonNode raw, int page, String reason) {
        try {
            rejectsJson.writeStartObject();
            rejectsJson.writeStringField("reason", reason);
            rejectsJson.writeNumberField("page", page);
            rejectsJson.writeFieldName("raw");
            SourceJson.mapper().writeTree(rejectsJson, StorableJson.storable(raw));
            rejectsJson.writeEndObject();
            rejects++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body's size so far, what the generators still buffer included. */
    long bytes() {
        return recordsOut.size()
                + recordsJson.getOutputBuffered()
                + rejectsOut.size()
                + rejectsJson.getOutputBuffered();
    }

    byte[] body() {
        try {
            recordsJson.writeEndArray();
            rejectsJson.writeEndArray();
            recordsJson.close();
            rejectsJson.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recordsOut.writeBytes(REJECTS_PREFIX);
        recordsOut.writeBytes(rejectsOut.toByteArray());
        recordsOut.write('}');
        return recordsOut.toByteArray();
    }

    /**
     * Writes a tree as {@code ObjectMapper.writeTree} would (numbers exactly as read), without building a
     * serializer provider for every record (a visible share of ingest's profile).
     */
    private static void writeTree(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    writeTree(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode element : node) {
                    writeTree(g, element);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case NUMBER -> {
                if (node.isBigDecimal()) {
                    g.writeNumber(node.decimalValue());
                } else if (node.isBigInteger()) {
                    g.writeNumber(node.bigIntegerValue());
                } else if (node.isIntegralNumber()) {
                    g.writeNumber(node.longValue());
                } else {
                    SourceJson.mapper().writeTree(g, node); // floats and doubles: never read by SourceJson
                }
            }
            default -> SourceJson.mapper().writeTree(g, node);
        }
    }
}
