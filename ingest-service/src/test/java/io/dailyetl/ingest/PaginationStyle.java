package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.clean;
import static io.dailyetl.ingest.Fixtures.json;
import static io.dailyetl.ingest.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every pagination-style test shares: one ingest with a source per style ({@link SharedSources}, so Quarkus starts
 * once for them all), fresh source stubs, unique data, a run of the test's source expected to succeed.
 */
abstract class PaginationStyle {
    String p;
    LocalDate day;

    @BeforeEach
    void freshSource() {
        source().resetAll();
        p = Fixtures.uniquePrefix();
        day = Fixtures.uniqueWeek();
    }

    List<Map<String, Object>> page(int n) {
        return clean(p + "page" + n + "-", 2, day);
    }

    static String body(Object value) {
        return json(value);
    }

    static ResponseDefinitionBuilder ok(Object body) {
        return aResponse().withHeader("Content-Type", "application/json").withBody(body(body));
    }

    /** The source of {@link SharedSources} whose style the test reads. */
    abstract String sourceName();

    /** Starts a run of the test's source and answers its id. */
    String start() {
        return Fixtures.startRun(sourceName());
    }

    Map<String, Object> runAndExpect(int fetched) {
        Map<String, Object> run = awaitRun(start());
        assertThat(run.get("status")).as("run %s", run).isEqualTo("SUCCEEDED");
        assertThat(run).containsEntry("fetched", fetched).containsEntry("loaded", fetched);
        // and it was a run of the test's source: its load is filed under the source's name
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .statusCode(200)
                .body("source", Matchers.is(sourceName()));
        return run;
    }
}
