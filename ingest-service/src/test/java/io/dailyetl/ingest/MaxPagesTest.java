package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class MaxPagesTest extends PaginationStyle {

    @Override
    String sourceName() {
        return SharedSources.MAX_PAGES;
    }

    @Test
    void reachingMaxPagesFailsTheRunAndSaysSo() {
        for (int i = 1; i <= 3; i++) {
            source().stubFor(get(urlPathEqualTo("/transactions"))
                    .withQueryParam("page", equalTo(Integer.toString(i)))
                    .withQueryParam("per_page", equalTo("2"))
                    .willReturn(ok(Map.of("results", page(i)))));
        }

        Map<String, Object> run = awaitRun(start());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error"))
                .contains("max-pages (2) reached")
                // naming the key of this source, not of the single-source form
                .contains("raise ingest.sources.max-pages.max-pages");
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .body("status", Matchers.is("ABORTED"));
    }
}
