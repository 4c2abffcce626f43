package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class NextLinkPaginationTest extends PaginationStyle {

    @Override
    String sourceName() {
        return SharedSources.NEXT_LINK;
    }

    @Test
    void followsRelativeAndAbsoluteLinksUntilThereIsNone() {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .willReturn(ok(Map.of("results", page(1), "next", "/transactions/p2?x=1"))));
        source().stubFor(get(urlPathEqualTo("/transactions/p2"))
                .willReturn(ok(Map.of("results", page(2), "next", source().baseUrl() + "/transactions/p3"))));
        source().stubFor(get(urlPathEqualTo("/transactions/p3")).willReturn(ok(Map.of("results", page(3)))));

        runAndExpect(6);
        source().verify(getRequestedFor(urlPathEqualTo("/transactions/p2")).withQueryParam("x", equalTo("1")));
    }

    @Test
    void refusesALinkToAnotherHost() {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .willReturn(ok(Map.of("results", page(1), "next", "http://evil.example:8080/steal"))));

        Map<String, Object> run = awaitRun(start());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).contains("refused to follow http://evil.example:8080/steal");
    }

    @Test
    void refusesALinkToAnotherPortOrScheme() {
        String otherPort = source().baseUrl().replace(":" + source().port(), ":" + (source().port() + 1));
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .willReturn(ok(Map.of("results", page(1), "next", otherPort + "/transactions/p2"))));

        Map<String, Object> run = awaitRun(start());

        assertThat(run.get("status")).isEqualTo("FAILED");
        assertThat((String) run.get("error")).contains("leaves the source");
    }
}
