package io.dailyetl.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A page read in one streaming pass finds the same records and gives paginators the same body as its tree. */
class PageBodyTest {

    private static final RecordScanner SCANNER = new RecordScanner(CleaningRules.defaults());

    private static PageBody read(String page, String path) throws IOException {
        return PageBody.read(page.getBytes(StandardCharsets.UTF_8), path.split("\\."), SCANNER);
    }

    /** The records array reading the page as a tree finds, or null (what PageReader did before). */
    private static JsonNode treeRecords(JsonNode body, String path) {
        JsonNode array = body;
        if (!body.isArray()) {
            for (String part : path.split("\\.")) {
                array = array.path(part);
            }
        }
        return array.isArray() ? array : null;
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"records\":[{\"id\":1},2,[3]],\"cursor\":\"c1\",\"total\":{\"n\":3}} | records",
                "[{\"id\":1}, {\"id\":2}] | records",
                "[] | data.items",
                "{\"data\":{\"items\":[{\"a\":1}],\"next\":\"/p2\"},\"next\":\"/p3\"} | data.items",
                "{\"data\":{\"items\":[{\"a\":1}]},\"data\":{\"x\":1}} | data.items",
                "{\"data\":{\"items\":[{\"a\":1}],\"items\":[{\"b\":2}]}} | data.items",
                "{\"data\":{\"items\":[{\"a\":1}]},\"data\":{\"items\":[{\"c\":3}]}} | data.items",
                "{\"records\":[{\"a\":1}],\"records\":5} | records",
                "{\"records\":5,\"records\":[{\"a\":1}]} | records",
                "{\"records\":{\"x\":[1]}} | records",
                "{\"data\":[{\"items\":[1]}]} | data.items",
                "{\"items\":[1],\"data\":{\"items\":[{\"d\":4}]}} | data.items",
                "{\"records\":[{\"a\":1}]} trailing | records",
                "5 | records",
                "null | records",
                "\"text\" | records",
            })
    void findsWhatTheTreeFinds(String page, String path) throws IOException {
        JsonNode tree = SourceJson.readTree(page.getBytes(StandardCharsets.UTF_8));
        JsonNode expected = treeRecords(tree, path);

        PageBody read = read(page, path);

        if (expected == null) {
            assertThat(read.records()).isNull();
            assertThat(read.body()).isEqualTo(tree);
            return;
        }
        List<JsonNode> records = new ArrayList<>();
        for (SourceRecord record : read.records()) {
            records.add(record.tree());
        }
        List<JsonNode> expectedRecords = new ArrayList<>();
        expected.forEach(expectedRecords::add);
        assertThat(records).isEqualTo(expectedRecords);
        // the body paginators see is the tree with the records array left empty
        JsonNode withoutRecords = tree.deepCopy();
        if (withoutRecords.isArray()) {
            withoutRecords = SourceJson.mapper().getNodeFactory().arrayNode();
        } else {
            String[] parts = path.split("\\.");
            JsonNode parent = withoutRecords;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.path(parts[i]);
            }
            ((ObjectNode) parent).putArray(parts[parts.length - 1]);
        }
        assertThat(read.body()).isEqualTo(withoutRecords);
        for (String cursor : List.of("cursor", "next", "data.next", "total.n")) {
            assertThat(SourceUris.text(read.body(), cursor)).isEqualTo(SourceUris.text(tree, cursor));
        }
    }

    @Test
    void anEmptyPageHasNoBody() throws IOException {
        assertThat(read("", "records").body()).isNull();
        assertThat(read(" \n ", "records").body()).isNull();
    }

    @Test
    void aPageTheTreeCannotReadIsRefused() {
        for (String page : List.of(
                "{\"records\":[{\"a\":1,}]}",
                "{\"records\":[{\"a\":\"x\"]}",
                "{\"records\":[1e1000000]",
                "{\"x\":1,\"records\":[{\"a\":" + "1".repeat(1001) + "}]}",
                "[" + "[".repeat(1000) + "]".repeat(1001))) {
            assertThatThrownBy(() -> SourceJson.readTree(page.getBytes(StandardCharsets.UTF_8)))
                    .as(page)
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> read(page, "records")).as(page).isInstanceOf(IOException.class);
        }
    }

    @Test
    void invalidUtf8InAnAttributeRefusesThePageAsTheTreeDoes() {
        byte[] page = "{\"records\":[{\"id\":\"1\",\"a\":\"x?y\"}]}".getBytes(StandardCharsets.UTF_8);
        page[page.length - 6] = (byte) 0xC3; // a lead byte followed by 'y', not a continuation byte

        assertThatThrownBy(() -> SourceJson.readTree(page)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> PageBody.read(page, new String[] {"records"}, SCANNER))
                .isInstanceOf(IOException.class);
    }
}
