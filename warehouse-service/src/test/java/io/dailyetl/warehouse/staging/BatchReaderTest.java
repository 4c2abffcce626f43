package io.dailyetl.warehouse.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dailyetl.warehouse.failure.InvalidInput;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The batch reader without a database: what it puts into the COPY text, and the bytes it refuses. */
class BatchReaderTest {

    private static final String FIELDS = "\"id\":\"a\",\"userId\":\"u\",\"amount\":\"1.5\",\"status\":\"s\","
            + "\"createdAt\":\"2024-01-02T03:04:05Z\"";

    private final BatchReader reader = new BatchReader();

    @Test
    void attributesAreCopiedAsSentWithCopysSpecialsEscaped() throws Exception {
        String attributes = "{ \"a\" :\t[1e3, -0.0 ,12.50],\r\n\"b\\\\\":\"x\\ny\\\"\"\n}";

        StagedBatch batch = read(utf8("{\"records\":[{" + FIELDS + ",\"attributes\" : " + attributes + " }]}"));

        assertThat(new String(batch.copyText(), StandardCharsets.UTF_8))
                .isEqualTo("0\t0\ta\tu\t1.5\ts\t2024-01-02T03:04:05Z\t"
                        + "{ \"a\" :\\t[1e3, -0.0 ,12.50],\\r\\n\"b\\\\\\\\\":\"x\\\\ny\\\\\"\"\\n}\n");
    }

    @Test
    void rawRecordsAreKeptAsSent() throws Exception {
        StagedBatch batch = read(utf8("{\"rejects\":[{\"reason\":\"r\",\"raw\":{ \"x\" : \"é\\u00e9\" }},"
                + "{\"reason\":\"r\",\"raw\":\"text\"},{\"reason\":\"r\",\"raw\":-0.0}]}"));

        assertThat(batch.rejects())
                .extracting(StagedBatch.Reject::rawJson)
                .containsExactly("{ \"x\" : \"é\\u00e9\" }", "\"text\"", "-0.0");
    }

    @Test
    void bytesThatAreNotWellFormedUtf8AreRefusedNamingTheField() throws Exception {
        // C1 BF: an overlong form of DEL; F4 90 80 80: past U+10FFFF; ED A0 80 is refused by the parser itself
        for (String hex : new String[] {"c1bf", "e08080", "f4908080", "f7bfbfbf"}) {
            byte[] attributes = concat(utf8("{\"x\":\""), HexFormat.of().parseHex(hex), utf8("\"}"));
            byte[] body = concat(utf8("{\"records\":[{" + FIELDS + ",\"attributes\":"), attributes, utf8("}]}"));

            assertThatThrownBy(() -> read(body))
                    .as(hex)
                    .isInstanceOfSatisfying(
                            InvalidInput.class,
                            e -> assertThat(e.violations())
                                    .extracting(InvalidInput.Violation::field)
                                    .contains("records[0].attributes"));
        }
    }

    @Test
    void nulCharactersAreRefusedWhereverTheyAre() {
        String nul = "contains a NUL character, which PostgreSQL cannot store";
        String body = "{\"records\":[{\"id\":\"a\\u0000\",\"userId\":\"u\",\"amount\":\"1\",\"status\":\"s\\u0000\","
                + "\"createdAt\":\"2024-01-02T03:04:05Z\",\"attributes\":{\"k\\u0000\":[{\"x\":\"\\u0000\"}]}}],"
                + "\"rejects\":[{\"reason\":\"r\\u0000\",\"raw\":\"\\u0000\"}]}";

        assertThatThrownBy(() -> read(utf8(body)))
                .isInstanceOfSatisfying(
                        InvalidInput.class,
                        e -> assertThat(e.violations())
                                .containsExactly(
                                        new InvalidInput.Violation("records[0].attributes", nul),
                                        new InvalidInput.Violation("records[0].attributes", nul),
                                        new InvalidInput.Violation("records[0].id", nul),
                                        new InvalidInput.Violation("records[0].status", nul),
                                        new InvalidInput.Violation("rejects[0].raw", nul),
                                        new InvalidInput.Violation("rejects[0].reason", nul)));
    }

    @Test
    void utf16AndUtf32BodiesAreReadLikeUtf8() throws Exception {
        String body = "{\"records\":[{" + FIELDS + ",\"attributes\":{\"z\" : \"Zoë 🚀\\n\"}}],"
                + "\"rejects\":[{\"reason\":\"r\",\"raw\":[ \"北京\" ]}]}";
        StagedBatch expected = read(utf8(body));

        for (String charset : new String[] {"UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE"}) {
            StagedBatch batch = read(body.getBytes(charset));

            assertThat(batch.copyText()).as(charset).isEqualTo(expected.copyText());
            assertThat(batch.rejects()).as(charset).isEqualTo(expected.rejects());
        }
    }

    @Test
    void wellFormedUtf8() {
        byte[] good = utf8("ascii Zoë 北京 🚀 \u0080\u07ff\u0800\ud7ff\ue000\uffff\ud800\udc00\udbff\udfff");
        assertThat(Utf8.wellFormed(good, 0, good.length)).isTrue();
        for (String hex : new String[] {
            "80",
            "bf",
            "c0 80",
            "c1 bf",
            "c2",
            "e0 80 80",
            "e0 9f bf",
            "ed a0 80",
            "ed bf bf",
            "f0 8f bf bf",
            "f4 90 80 80",
            "f5 80 80 80",
            "ff",
            "e4 ba",
            "c3 28"
        }) {
            byte[] b = HexFormat.ofDelimiter(" ").parseHex(hex);
            assertThat(Utf8.wellFormed(b, 0, b.length)).as(hex).isFalse();
        }
        byte[] cut = utf8("é");
        assertThat(Utf8.wellFormed(cut, 0, 1)).isFalse();
        assertThat(Utf8.wellFormed(cut, 0, 2)).isTrue();
    }

    private StagedBatch read(byte[] body) throws Exception {
        return reader.read(body, 0, 1000);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
