package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class PaginationStylesTest {

    private static final int RECORDS = 500;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>; rel=\"next\"");

    @ParameterizedTest
    @ValueSource(ints = {37, 50})
    void everyStyleServesTheSameRecordsInTheSameOrderAndEndsOnTime(int size) {
        List<String> expected =
                Pages.all(RECORDS).stream().map(JsonNode::toString).toList();
        int fullPages = (RECORDS + size - 1) / size;

        List<String> pageStyle = new ArrayList<>();
        int requests = 0;
        for (int page = 1; ; page++) {
            requests++;
            JsonNode body = get("/api/transactions?page=" + page + "&size=" + size);
            if (body.get("results").isEmpty()) {
                break;
            }
            body.get("results").forEach(r -> pageStyle.add(r.toString()));
        }
        assertThat(pageStyle).isEqualTo(expected);
        assertThat(requests).as("page style ends at the first empty page").isEqualTo(fullPages + 1);

        List<String> offsetStyle = new ArrayList<>();
        for (int offset = 0; ; offset += size) {
            JsonNode body = get("/api/transactions/offset?offset=" + offset + "&limit=" + size);
            if (body.get("results").isEmpty()) {
                break;
            }
            body.get("results").forEach(r -> offsetStyle.add(r.toString()));
        }
        assertThat(offsetStyle).isEqualTo(expected);

        List<String> cursorStyle = new ArrayList<>();
        requests = 0;
        String url = "/api/transactions/cursor?size=" + size;
        while (true) {
            requests++;
            JsonNode body = get(url);
            body.get("data").get("items").forEach(r -> cursorStyle.add(r.toString()));
            assertThat(body.has("next_cursor")).isTrue();
            if (body.get("next_cursor").isNull()) {
                break;
            }
            url = "/api/transactions/cursor?cursor=" + body.get("next_cursor").asText(); // the cursor alone
        }
        assertThat(cursorStyle).isEqualTo(expected);
        assertThat(requests).as("next_cursor is null on the last page").isEqualTo(fullPages);

        List<String> nextStyle = new ArrayList<>();
        requests = 0;
        url = "/api/transactions/next?page=1&size=" + size;
        while (url != null) {
            requests++;
            JsonNode body = get(url);
            body.get("results").forEach(r -> nextStyle.add(r.toString()));
            url = body.get("next").isNull() ? null : body.get("next").asText();
            assertThat(url == null || url.startsWith("/api/transactions/next?page="))
                    .as(url)
                    .isTrue();
        }
        assertThat(nextStyle).isEqualTo(expected);
        assertThat(requests).as("next is null on the last page").isEqualTo(fullPages);

        List<String> linkedStyle = new ArrayList<>();
        requests = 0;
        url = "/api/transactions/linked?page=1&size=" + size;
        while (url != null) {
            requests++;
            Response response = given().when().get(url);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode body = Pages.parse(response.asByteArray());
            assertThat(body.isArray()).isTrue();
            body.forEach(r -> linkedStyle.add(r.toString()));
            String link = response.header("Link");
            if (link == null) {
                url = null;
            } else {
                Matcher m = NEXT_LINK.matcher(link);
                assertThat(m.matches()).as(link).isTrue();
                URI next = URI.create(m.group(1));
                assertThat(next.isAbsolute()).as(link).isTrue();
                url = next.getRawPath() + "?" + next.getRawQuery();
            }
        }
        assertThat(linkedStyle).isEqualTo(expected);
        assertThat(requests).as("no Link on the last page").isEqualTo(fullPages);
    }

    @Test
    void pagesAreJsonAndEmptyPastTheEnd() {
        String pastTheEnd = given().when()
                .get("/api/transactions?page=11&size=50")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asString();
        assertThat(pastTheEnd).isEqualTo("{\"results\":[]}");
        assertThat(given().when()
                        .get("/api/transactions/offset?offset=500&limit=10")
                        .asString())
                .isEqualTo("{\"results\":[]}");
        assertThat(given().when().get("/api/transactions/linked?page=99").asString())
                .isEqualTo("[]");
        // the default page size is demo.page-size (50 in tests)
        assertThat(get("/api/transactions").get("results")).hasSize(50);
    }

    @Test
    void invalidParametersAnswer400() {
        given().when().get("/api/transactions?page=0").then().statusCode(400).contentType("application/problem+json");
        given().when().get("/api/transactions?size=abc").then().statusCode(400);
        given().when().get("/api/transactions/offset?limit=10001").then().statusCode(400);
        given().when().get("/api/transactions/cursor?cursor=bogus").then().statusCode(400);
    }

    private static JsonNode get(String url) {
        Response response = given().when().get(url);
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return Pages.parse(response.asByteArray());
    }
}
