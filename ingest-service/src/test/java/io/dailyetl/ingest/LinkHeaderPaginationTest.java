package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
class LinkHeaderPaginationTest extends PaginationStyle {

    @Override
    String sourceName() {
        return SharedSources.LINK_HEADER;
    }

    @Test
    void followsRelNextUntilThereIsNone() {
        source().stubFor(get(urlPathEqualTo("/transactions"))
                .willReturn(ok(page(1))
                        .withHeader("Link", "</transactions/p2>; rel=\"next\", </transactions>; rel=\"first\"")));
        source().stubFor(get(urlPathEqualTo("/transactions/p2"))
                .willReturn(ok(page(2)).withHeader("Link", "<" + source().baseUrl() + "/transactions>; rel=\"prev\"")));

        Map<String, Object> run = runAndExpect(4);

        assertThat(run).containsEntry("pages", 2);
    }
}
