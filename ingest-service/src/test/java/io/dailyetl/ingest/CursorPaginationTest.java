package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class CursorPaginationTest extends PaginationStyle {

    @Override
    String sourceName() {
        return SharedSources.CURSOR;
    }

    @Test
    void followsTheCursorUntilItIsNull() {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("cursor", absent())
                .willReturn(ok(Map.of("data", Map.of("items", page(1)), "next_cursor", "c2"))));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("cursor", equalTo("c2"))
                .willReturn(ok(Map.of("data", Map.of("items", List.of()), "next_cursor", "c3"))));
        HashMap<String, Object> last = new HashMap<>(Map.of("data", Map.of("items", page(3))));
        last.put("next_cursor", null);
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .withQueryParam("cursor", equalTo("c3"))
                .willReturn(ok(last)));

        Map<String, Object> run = runAndExpect(4);

        assertThat(run).containsEntry("pages", 3);
        // the size parameter goes on the first request only; later URLs are the cursor alone
        source().verify(1, getRequestedFor(urlPathEqualTo("/transactions")).withQueryParam("size", equalTo("2")));
        source().verify(getRequestedFor(urlPathEqualTo("/transactions"))
                .withQueryParam("cursor", equalTo("c2"))
                .withQueryParam("size", absent()));
    }
}
