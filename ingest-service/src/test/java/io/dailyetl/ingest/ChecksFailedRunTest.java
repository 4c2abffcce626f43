package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * A commit the warehouse's data checks refuse (422 checks-failed) ends the run FAILED at once, naming the checks,
 * and aborts its load: another attempt would fetch the same data and fail the same checks, so it is not retried as
 * a lost load.
 */
@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class ChecksFailedRunTest {

    @Test
    @Documents("troubleshooting: a run FAILED with kind `CHECKS`")
    @SuppressWarnings("unchecked")
    void aCommitRefusedByTheDataChecksFailsTheRunOnceAndAbortsTheLoad() {
        // given a page of 3 clean records and 2 the cleaning rejects (40 % rejects, the error threshold is 20 %)
        source().resetAll();
        String prefix = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        List<Map<String, Object>> page = new ArrayList<>(Fixtures.clean(prefix, 3, day));
        page.add(Fixtures.tx(prefix + "bad1", prefix + "user", "not a number", "active", day + "T10:00:00Z"));
        page.add(Fixtures.tx(prefix + "bad2", prefix + "user", "not a number", "active", day + "T10:00:00Z"));
        servePages(List.of(page));

        // when a run loads it
        Map<String, Object> run = awaitRun(startRun(SharedSources.STRICT));

        // then the run FAILED after one attempt, its error naming the failed check, observed value and threshold
        assertThat(run).as("run %s", run).containsEntry("status", "FAILED");
        assertThat((List<?>) run.get("attempts")).hasSize(1);
        assertThat((String) run.get("error"))
                .contains("422")
                .contains("reject-share 0.4 against error threshold 0.2")
                .endsWith("Nothing was merged; ingest aborted the load.");
        assertThat(run).containsEntry("errorKind", "CHECKS").containsEntry("errorTransient", false);
        // and it shows every check of the refused load, the failed one and the passes
        assertThat((List<Map<String, Object>>) run.get("checks"))
                .extracting(c -> c.get("check") + " " + c.get("outcome"))
                .contains("reject-share ERROR", "duplicate-share PASS");
        // as README's troubleshooting row quotes it
        assertThat(DocClaims.quoted("troubleshooting: a run FAILED with kind `CHECKS`"))
                .isNotEmpty()
                .allSatisfy(quote -> assertThat(Docs.contains((String) run.get("error"), quote))
                        .as("%s in %s", quote, run.get("error"))
                        .isTrue());
        // and its load was aborted, nothing of it merged
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .body("status", Matchers.is("ABORTED"));
        assertThat(Fixtures.spend(day, day.plusDays(1)).getList("rows")).isEmpty();
    }
}
