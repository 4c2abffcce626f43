package io.dailyetl.console.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.console.view.Overview;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An overview without any run says what to do next (the shared test warehouse always has runs, so it is rendered). */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class EmptyStateTest {

    @Test
    void anOverviewWithoutRunsSaysHowToGetOne() {
        String page = ConsolePages.Templates.overview(
                        "viewer", List.of(), new Overview.IngestSources(List.of(), "ingest is not answering"))
                .render();

        assertThat(page)
                .contains("id=\"empty-state\"", "No run is known yet", "POST /api/runs")
                .contains("id=\"ingest-sources-trouble\"", "ingest is not answering");
    }
}
