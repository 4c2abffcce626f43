package io.dailyetl.ingest;

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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class OffsetPaginationTest extends PaginationStyle {

    @Override
    String sourceName() {
        return SharedSources.OFFSET;
    }

    @Test
    void readsUntilAnEmptyPage() {
        for (int offset = 0; offset <= 4; offset += 2) {
            source().stubFor(get(urlPathEqualTo("/transactions"))
                    .withQueryParam("offset", equalTo(Integer.toString(offset)))
                    .withQueryParam("limit", equalTo("2"))
                    .willReturn(ok(Map.of("results", offset < 4 ? page(offset) : List.of()))));
        }
        runAndExpect(4);
        assertThat(source().findAll(getRequestedFor(urlPathEqualTo("/transactions"))))
                .hasSize(3);
    }
}
