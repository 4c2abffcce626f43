package io.dailyetl.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The overview's next scheduled run and ingest's sources, read from ingest's {@code GET /api/sources}
 * ({@link IngestStandIn}, two sources) with the console's reader token; and the actions' forms, which offer those
 * sources, a backfill only of the ones that take one, checked against {@code GET /api/schedule?source=}.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(IngestStandIn.class)
class NextScheduledRunTest {

    @Test
    void theOverviewShowsWhenIngestRunsEachOfItsSourcesNext() {
        // given a run of a source ingest schedules, and one of a source ingest does not have
        ReportedRuns.succeeded(IngestStandIn.SCHEDULED, null, "2026-11-20T01:00:00Z");
        String other = ReportedRuns.uniqueSource();
        ReportedRuns.succeeded(other, null, "2026-11-20T01:00:00Z");

        // when the viewer opens the overview
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then ingest's sources were asked for with the reader token, and the source's row shows its next run
        assertThat(IngestStandIn.AUTHORIZATION.get()).isEqualTo("Bearer test-reader-token");
        assertThat(IngestStandIn.REQUESTS).contains("/api/sources");
        assertThat(row(page, "data-source", IngestStandIn.SCHEDULED))
                .contains(
                        "<td class=\"next-run\"><time datetime=\"2099-01-02T03:30:00Z\" title=\"2099-01-02T03:30:00Z\">"
                                + "2099-01-02 04:30:00 CET</time> (in ");
        // and the other source's row says ingest does not schedule it
        assertThat(row(page, "data-source", other)).contains("<td class=\"next-run\">not scheduled by ingest</td>");
    }

    @Test
    void theOverviewListsEachSourceOfIngestWithItsNextRunLastRunAndLag() {
        // given ingest's two sources (the stand-in's)

        // when the viewer opens the overview
        String page = given().cookie(Login.COOKIE, Login.session("viewer", "test-viewer"))
                .get("/")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then the scheduled source shows its next run, its last run linked, its watermark in the zone and its lag
        assertThat(row(page, "data-ingest-source", IngestStandIn.SCHEDULED))
                .contains("<a href=\"/runs?source=" + IngestStandIn.SCHEDULED + "\" title=\""
                        + IngestStandIn.SCHEDULED + "'s runs (https://pay.example.com/api/payments)\">"
                        + IngestStandIn.SCHEDULED + "</a>")
                .contains("<time datetime=\"2099-01-02T03:30:00Z\"")
                .contains(
                        "<a href=\"/runs/" + IngestStandIn.SCHEDULED_LAST_RUN + "\" class=\"SUCCEEDED\">SUCCEEDED</a>")
                .contains(
                        "<time datetime=\"2026-11-19T10:00:00Z\" title=\"2026-11-19T10:00:00Z\">2026-11-19 11:00:00 CET")
                .contains("<td class=\"lag\">5 h 7 min behind</td>");
        // and the source without a schedule or a run says so
        assertThat(row(page, "data-ingest-source", IngestStandIn.REFUNDS))
                .contains("<td class=\"next-run\">no schedule (off)</td>")
                .contains("<td class=\"last-run\">none yet</td>")
                .contains("<td class=\"lag\">-</td>");
    }

    @Test
    void theActionsPageOffersEachSourceAndABackfillOnlyOfTheSourcesThatTakeOne() {
        // given an ingest of two sources: one not incremental, one that takes a lower bound only

        // when the operator opens the actions page
        String page = given().cookie(Login.COOKIE, Login.session("operator", "test-operator"))
                .get("/actions")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then run now offers both sources, none picked, so the operator must choose
        String runNow = between(page, "id=\"run-now-source\"", "</select>");
        assertThat(runNow)
                .contains("<option value=\"\">Choose a source</option>")
                .contains("<option value=\"" + IngestStandIn.SCHEDULED + "\">")
                .contains("<option value=\"" + IngestStandIn.REFUNDS + "\">")
                .doesNotContain("selected");
        // and the backfill offers only the incremental source, from a day, without an upper bound
        String backfill = between(page, "id=\"backfill-source\"", "</select>");
        assertThat(backfill)
                .contains(IngestStandIn.REFUNDS + " (from a day up to now)")
                .doesNotContain(IngestStandIn.SCHEDULED);
        assertThat(page)
                .contains("id=\"backfill-off-sources\"", "No backfill of " + IngestStandIn.SCHEDULED)
                .contains("id=\"from\"")
                .doesNotContain("id=\"to\"", "id=\"backfill-off\"");
    }

    @Test
    void aSourcePickedInTheAddressIsPickedInEveryForm() {
        // when the operator opens the actions page for one source
        String page = given().cookie(Login.COOKIE, Login.session("operator", "test-operator"))
                .get("/actions?source=" + IngestStandIn.REFUNDS)
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then that source is picked in the forms that offer it
        assertThat(between(page, "id=\"run-now-source\"", "</select>"))
                .contains("<option value=\"" + IngestStandIn.REFUNDS + "\" selected>");
        assertThat(between(page, "id=\"backfill-source\"", "</select>"))
                .contains("<option value=\"" + IngestStandIn.REFUNDS + "\" selected>");
    }

    @Test
    void aConfirmationNamesTheSourceAndTheSourcesBackfillIsCheckedWithIngest() {
        // given the operator on the actions page
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");

        // when they ask for a full pull of one source
        Response full = operator.post("/actions/run/confirm", Map.of("kind", "FULL", "source", IngestStandIn.REFUNDS));

        // then the confirmation names it, and carries it to the run
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.asString())
                .contains("Start a full pull of " + IngestStandIn.REFUNDS + " now?")
                .contains("name=\"source\" value=\"" + IngestStandIn.REFUNDS + "\"");

        // when they ask for a backfill of the source that is not incremental, and a window of one without an end
        IngestStandIn.REQUESTS.clear();
        Response off = operator.post(
                "/actions/run/confirm",
                Map.of("kind", "BACKFILL", "source", IngestStandIn.SCHEDULED, "from", "2026-11-01", "to", ""));
        Response window = operator.post(
                "/actions/run/confirm",
                Map.of("kind", "BACKFILL", "source", IngestStandIn.REFUNDS, "from", "2026-11-01", "to", "2026-11-08"));

        // then each is refused naming the field and saying why, as ingest's schedule of that source says
        assertThat(IngestStandIn.REQUESTS)
                .contains(
                        "/api/schedule?source=" + IngestStandIn.SCHEDULED,
                        "/api/schedule?source=" + IngestStandIn.REFUNDS);
        assertThat(off.statusCode()).isEqualTo(400);
        assertThat(off.asString())
                .contains("id=\"form-error\"", "source: " + IngestStandIn.SCHEDULED + " takes no backfill");
        assertThat(window.statusCode()).isEqualTo(400);
        assertThat(window.asString())
                .contains("to: " + IngestStandIn.REFUNDS + " takes no upper bound")
                .contains("<option value=\"" + IngestStandIn.REFUNDS + "\" selected>");
    }

    @Test
    void aRunOfNoSourceOrOfASourceIngestDoesNotHaveIsRefusedNamingTheSourcesThereAre() {
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");

        Response none = operator.post("/actions/run/confirm", Map.of("kind", "NOW", "source", ""));
        Response unknown = operator.post("/actions/run/confirm", Map.of("kind", "NOW", "source", "nosuch"));
        Response malformed = operator.post("/actions/run/confirm", Map.of("kind", "NOW", "source", "No Such!"));

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(none.asString())
                .contains("source: required: choose one of ingest&#39;s sources (console-refunds, console-scheduled)");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.asString())
                .contains("source: not a source of ingest: &#39;nosuch&#39; (its sources: console-refunds, "
                        + "console-scheduled)");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.asString()).contains("source: not a source&#39;s name");
    }

    private static String row(String page, String attribute, String source) {
        String row = page.substring(page.indexOf(attribute + "=\"" + source + "\""));
        return row.substring(0, row.indexOf("</tr>"));
    }

    private static String between(String page, String start, String end) {
        String from = page.substring(page.indexOf(start));
        return from.substring(0, from.indexOf(end));
    }
}
