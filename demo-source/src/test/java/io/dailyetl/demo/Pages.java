package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads pages as ingest would: exact decimals, raw records. */
final class Pages {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private Pages() {}

    static JsonNode parse(byte[] body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record, in one page-style request. */
    static List<JsonNode> all(int records) {
        byte[] body = given().queryParam("page", 1)
                .queryParam("size", records)
                .when()
                .get("/api/transactions")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        List<JsonNode> list = new ArrayList<>();
        parse(body).get("results").forEach(list::add);
        assertThat(list).hasSize(records);
        return list;
    }
}
