package io.dailyetl.ingest;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.clean;
import static io.dailyetl.ingest.Fixtures.json;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@TestProfile(LinkHeaderPaginationTest.Profile.class)
@WithTestResource(WarehouseResource.class)
@WithTestResource(SourceResource.class)
class LinkHeaderPaginationTest extends PaginationStyle {

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ingest.source.pagination", "link-header");
        }
    }

    @Test
    void followsRelNextUntilThereIsNone() {
        source().stubFor(get(urlPathEqualTo("/transactions")).willReturn(ok(page(1))
                .withHeader("Link", "</transactions/p2>; rel=\"next\", </transactions>; rel=\"first\"")));
        source().stubFor(get(urlPathEqualTo("/transactions/p2")).willReturn(ok(page(2))
                .withHeader("Link", "<" + source().baseUrl() + "/transactions>; rel=\"prev\"")));

        Map<String, Object> run = runAndExpect(4);

        assertThat(run).containsEntry("pages", 2);
    }
}
