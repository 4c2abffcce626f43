package io.dailyetl.console;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The operator's actions against a real ingest-service and report-service (packaged, child processes, see
 * {@link PipelineServices}) and the packaged warehouse: each confirmed, CSRF-protected, audited; refused to a viewer
 * and to a form without its CSRF token, with nothing called.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(PipelineServices.class)
class ActionsTest {

    @Test
    void theActionsOfferIngestsSourcesEachWithTheBackfillItTakes() {
        // given an ingest of two sources, one taking a window of change times and one a lower bound only

        // when the operator opens the actions page
        String page = Forms.open("operator", "test-operator", "/actions")
                .get("/actions")
                .asString();

        // then run now offers both, none picked (the operator chooses), as ingest's GET /api/sources lists them
        String runNow = page.substring(page.indexOf("id=\"run-now-source\""));
        assertThat(runNow.substring(0, runNow.indexOf("</select>")))
                .contains("<option value=\"\">Choose a source</option>")
                .contains("<option value=\"" + PipelineServices.REFUNDS + "\">")
                .contains("<option value=\"" + PipelineServices.SHOP + "\">");
        // and the backfill says what each takes
        String backfill = page.substring(page.indexOf("id=\"backfill-source\""));
        assertThat(backfill.substring(0, backfill.indexOf("</select>")))
                .contains(PipelineServices.SHOP + " (a window of days)")
                .contains(PipelineServices.REFUNDS + " (from a day up to now)");
        assertThat(page).contains("id=\"backfill-from-sources\"", "id=\"to\"");
    }

    @Test
    void runNowIsConfirmedStartsARunOfTheChosenSourceThatSucceedsAndIsAudited() {
        // given the operator on the actions page
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        WireMockServer source = PipelineServices.shared().source();
        int shopPulls =
                source.findAll(getRequestedFor(urlPathEqualTo("/transactions"))).size();
        int refundPulls =
                source.findAll(getRequestedFor(urlPathEqualTo("/refunds"))).size();

        // when they ask to run refunds now, then they are asked to confirm, and nothing has started yet
        long runsBefore = ingestRuns();
        Response confirm =
                operator.post("/actions/run/confirm", Map.of("kind", "NOW", "source", PipelineServices.REFUNDS));
        assertThat(confirm.statusCode()).isEqualTo(200);
        assertThat(confirm.asString())
                .contains("Start a run of refunds now?", "id=\"confirm\"", "href=\"/actions\"")
                .contains("name=\"source\" value=\"refunds\"");
        assertThat(ingestRuns()).isEqualTo(runsBefore);

        // when they confirm
        Response started = operator.post(
                "/actions/run", Map.of("kind", "NOW", "source", PipelineServices.REFUNDS, "from", "", "to", ""));

        // then they are sent to the new run, which reaches SUCCEEDED on its page
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(303);
        String location = started.header("Location");
        assertThat(location).contains("/actions/runs/");
        String runId = location.substring(location.lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(operator.get("/runs/" + runId).asString())
                        .contains("Run of refunds: <span class=\"SUCCEEDED\" id=\"status\">SUCCEEDED<"));
        // of refunds, which ingest pulled, and not of shop
        assertThat(source.findAll(getRequestedFor(urlPathEqualTo("/refunds")))).hasSizeGreaterThan(refundPulls);
        assertThat(source.findAll(getRequestedFor(urlPathEqualTo("/transactions"))))
                .hasSize(shopPulls);
        Response redirected = operator.get("/actions/runs/" + runId);
        assertThat(redirected.statusCode()).isEqualTo(303);
        assertThat(redirected.header("Location")).endsWith("/runs/" + runId);

        // and the audit log says who did it, and what came of it
        Map<String, Object> row = auditRows().get(0);
        assertThat(row)
                .containsEntry("actor", "operator")
                .containsEntry("role", "operator")
                .containsEntry("action", "run-now")
                .containsEntry("target", "ingest run of refunds")
                .containsEntry("outcome", "OK");
        assertThat((String) row.get("detail")).contains(runId, "refunds");
        // written after the STARTED row that was on record before ingest was called, which the page folds into it
        Map<String, Object> before = auditRows().get(1);
        assertThat(before)
                .containsEntry("outcome", "STARTED")
                .containsEntry("action", "run-now")
                .containsEntry("id", row.get("follows"));
        String audit = operator.get("/audit").asString();
        assertThat(audit).contains("run-now", runId, "data-entry=\"" + row.get("id") + "\"");
        assertThat(audit).doesNotContain("data-entry=\"" + before.get("id") + "\"");
    }

    @Test
    void aRunOfASourceIngestDoesNotHaveOrOfNoneIsRefusedWithIngestsCauseAndStartsNothing() {
        // given the operator
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        long runsBefore = ingestRuns();

        // when a confirmed run names a source ingest does not have
        Response unknown = operator.post("/actions/run", Map.of("kind", "NOW", "source", "nosuch"));

        // then they are sent to its audit entry: REFUSED, naming the source, with ingest's own words
        assertThat(unknown.statusCode()).as(unknown.asString()).isEqualTo(303);
        assertThat(unknown.header("Location")).contains("/audit?entry=");
        String entry = operator.get(unknown.header("Location")).asString();
        assertThat(entry)
                .contains("id=\"entry\"", "ingest run of nosuch", ">REFUSED<")
                .contains("ingest-service answered 400: source: not a source of this ingest")
                .contains("its sources: refunds, shop");
        assertThat(auditRows().get(0))
                .containsEntry("action", "run-now")
                .containsEntry("target", "ingest run of nosuch")
                .containsEntry("outcome", "REFUSED");

        // when a confirmed run names no source, then ingest, which pulls two, refuses it saying one is required
        Response none = operator.post("/actions/run", Map.of("kind", "NOW"));
        assertThat(none.statusCode()).isEqualTo(303);
        assertThat(auditRows().get(0)).containsEntry("target", "ingest run").containsEntry("outcome", "REFUSED");
        assertThat((String) auditRows().get(0).get("detail")).contains("source: required");

        // and no run started
        assertThat(ingestRuns()).isEqualTo(runsBefore);
    }

    @Test
    void anActionWhoseOutcomeWasNeverRecordedIsShownAsStartedSayingWhatThatMeans() {
        // given a STARTED row that nothing follows, as a console killed during its call leaves it
        String target = "ingest run, full pull " + java.util.UUID.randomUUID();
        int id = given().baseUri(WarehouseProcess.shared().url().toString())
                .auth()
                .oauth2(WarehouseProcess.TOKEN)
                .contentType("application/json")
                .body(Map.of(
                        "actor", "operator",
                        "role", "operator",
                        "action", "full-pull",
                        "target", target,
                        "outcome", "STARTED",
                        "detail", ""))
                .post("/api/audit")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        // when the viewer reads the audit log
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/audit");
        String page = viewer.get("/audit").asString();

        // then that row is there, STARTED, saying there is no outcome on record and where to look
        String row = page.substring(page.indexOf("data-entry=\"" + id + "\""));
        row = row.substring(0, row.indexOf("</tr>"));
        assertThat(row)
                .contains(target, ">STARTED<", "no outcome on record", "the runs, the open loads or the reports");
    }

    @Test
    void aBackfillPullsItsWindowFromTheSourceToSucceededAndAFullPullSucceeds() {
        // given the operator, and an incremental ingest whose source takes updated_since and updated_before
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        WireMockServer source = PipelineServices.shared().source();
        assertThat(operator.get("/actions").asString())
                .as("ingest says it takes a window: the form has both dates")
                .contains("id=\"backfill\"", "id=\"from\"", "id=\"to\"")
                .doesNotContain("id=\"backfill-off\"");

        // when they backfill the days 1 to 7 November of shop, confirmed
        Response backfill = operator.post(
                "/actions/run",
                Map.of("kind", "BACKFILL", "source", PipelineServices.SHOP, "from", "2026-11-01", "to", "2026-11-08"));

        // then a run starts, audited with the window, and runs to SUCCEEDED as a BACKFILL of that window
        assertThat(backfill.statusCode()).as(backfill.asString()).isEqualTo(303);
        String runId = backfill.header("Location")
                .substring(backfill.header("Location").lastIndexOf('/') + 1);
        assertThat(auditRows().get(0))
                .containsEntry("action", "backfill")
                .containsEntry("outcome", "OK")
                .containsEntry("target", "ingest run of shop, backfill from 2026-11-01 to before 2026-11-08");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(operator.get("/runs/" + runId).asString())
                        .contains(
                                "id=\"status\">SUCCEEDED<",
                                "<dt>mode</dt><dd>BACKFILL</dd>",
                                "datetime=\"2026-11-01T00:00:00Z\"",
                                "datetime=\"2026-11-08T00:00:00Z\""));
        // and the source was asked for exactly that window (the days' starts in ingest's zone, UTC here)
        assertThat(source.findAll(getRequestedFor(urlPathEqualTo("/transactions"))
                        .withQueryParam("updated_since", WireMock.equalTo("2026-11-01T00:00:00Z"))
                        .withQueryParam("updated_before", WireMock.equalTo("2026-11-08T00:00:00Z"))))
                .isNotEmpty();

        // when they start a full pull, then it runs to SUCCEEDED as a FULL pull, asking for no window
        int windowed = source.findAll(getRequestedFor(urlPathEqualTo("/transactions"))
                        .withQueryParam("updated_since", WireMock.matching(".*")))
                .size();
        Response full = operator.post("/actions/run", Map.of("kind", "FULL", "source", PipelineServices.SHOP));
        assertThat(full.statusCode()).isEqualTo(303);
        String fullRunId =
                full.header("Location").substring(full.header("Location").lastIndexOf('/') + 1);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertThat(operator.get("/runs/" + fullRunId).asString())
                                .contains("id=\"status\">SUCCEEDED<", "<dt>mode</dt><dd>FULL</dd>"));
        assertThat(auditRows().get(0))
                .containsEntry("action", "full-pull")
                .containsEntry("target", "ingest run of shop, full pull")
                .containsEntry("outcome", "OK");
        assertThat(source.findAll(getRequestedFor(urlPathEqualTo("/transactions"))
                        .withQueryParam("updated_since", WireMock.matching(".*"))))
                .hasSize(windowed);
    }

    @Test
    void aBackfillWithABadWindowIsRefusedNamingTheFieldAndCallsNothing() {
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        long runsBefore = ingestRuns();
        int auditBefore = auditRows().size();
        String tomorrow = LocalDate.now().plusDays(2).toString();

        Response endBeforeStart = operator.post(
                "/actions/run/confirm", Map.of("kind", "BACKFILL", "from", "2026-11-10", "to", "2026-11-03"));
        Response future = operator.post("/actions/run", Map.of("kind", "BACKFILL", "from", tomorrow, "to", ""));
        Response notADate = operator.post("/actions/run", Map.of("kind", "BACKFILL", "from", "10/11/2026", "to", ""));

        assertThat(endBeforeStart.statusCode()).isEqualTo(400);
        assertThat(endBeforeStart.asString())
                .contains("id=\"form-error\"", "to: must be after from (2026-11-10), not 2026-11-03")
                .contains("value=\"2026-11-03\" class=\"invalid\"");
        assertThat(future.statusCode()).isEqualTo(400);
        assertThat(future.asString()).contains("from: is in the future");
        assertThat(notADate.statusCode()).isEqualTo(400);
        assertThat(notADate.asString()).contains("from: not a date (YYYY-MM-DD): &#39;10/11/2026&#39;");
        // nothing was called, and input the console refuses is not audited
        assertThat(ingestRuns()).isEqualTo(runsBefore);
        assertThat(auditRows()).hasSize(auditBefore);
    }

    @Test
    void sendingAWeekTwiceIsRefusedWithReportsCauseAndAResendMailsItAgain() {
        // given a week of its own
        LocalDate end =
                LocalDate.of(2001, 1, 1).plusWeeks(ThreadLocalRandom.current().nextInt(0, 1000));
        Forms.Session operator = Forms.open("operator", "test-operator", "/reports");
        int mailsBefore = mailsOf(end).size();

        // when the operator sends it, confirmed
        Response confirm = operator.post("/reports/send/confirm", Map.of("end", end.toString()));
        assertThat(confirm.asString()).contains("Send the weekly report of " + end.minusDays(7));
        Response sent = operator.post("/reports/send", Map.of("end", end.toString(), "force", ""));

        // then it is mailed, and the reports page says so and lists the delivery
        assertThat(sent.statusCode()).as(sent.asString()).isEqualTo(303);
        assertThat(sent.header("Location")).contains("/reports?entry=");
        String page = operator.get(sent.header("Location")).asString();
        assertThat(page).contains("id=\"entry\"", "send-report", ">OK<", PipelineServices.RECIPIENT);
        assertThat(deliveryRows(page, end)).hasSize(1);
        assertThat(mailsOf(end)).hasSize(mailsBefore + 1);

        // when they send it again without saying so, then report refuses it, and the audit log has report's cause
        Response again = operator.post("/reports/send", Map.of("end", end.toString(), "force", ""));
        String refused = operator.get(again.header("Location")).asString();
        assertThat(refused).contains(">REFUSED<", "report-service answered 409");
        assertThat(auditRows().get(0)).containsEntry("outcome", "REFUSED");

        // when they resend it
        Response resent = operator.post("/reports/send", Map.of("end", end.toString(), "force", "true"));

        // then a new delivery is on the page, and the mail went out once more
        String after = operator.get(resent.header("Location")).asString();
        assertThat(after).contains("resend-report", ">OK<");
        List<String> rows = deliveryRows(after, end);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).contains("(resent)", "SENT");
        assertThat(rows.get(1)).contains("SUPERSEDED");
        List<MimeMessage> mails = mailsOf(end);
        assertThat(mails).hasSize(mailsBefore + 2);
        // each row shows the Message-ID of its own mail, as the mail server received it
        assertThat(rows.get(0)).contains(escaped(messageId(mails.get(mails.size() - 1))));
        assertThat(rows.get(1)).contains(escaped(messageId(mails.get(mails.size() - 2))));
        assertThat(messageId(mails.get(mails.size() - 1))).isNotEqualTo(messageId(mails.get(mails.size() - 2)));
    }

    private static String messageId(MimeMessage mail) {
        try {
            return mail.getMessageID();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code text} as the page writes it: Qute escapes the angle brackets of a Message-ID. */
    private static String escaped(String text) {
        return text.replace("<", "&lt;").replace(">", "&gt;");
    }

    @Test
    void anOpenLoadIsListedAndAbortedOnceConfirmedAndAnUnknownLoadIsRefusedWithTheWarehousesCause() {
        // given an OPEN load, as a run that died leaves it
        String source = ReportedRuns.uniqueSource();
        String loadId = ReportedRuns.warehouse()
                .contentType("application/json")
                .body(Map.of("source", source, "runId", "dead-run"))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");

        // when the operator opens the actions page, then it lists the load with an abort button
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        String page = operator.get("/actions").asString();
        assertThat(page).contains("data-load=\"" + loadId + "\"", source);

        // when they abort it, confirmed
        Response confirm = operator.post("/actions/abort/confirm", Map.of("loadId", loadId));
        assertThat(confirm.asString()).contains("Abort load " + loadId + "?");
        Response aborted = operator.post("/actions/abort", Map.of("loadId", loadId));

        // then the warehouse has it ABORTED, and the audit log shows what happened
        assertThat(aborted.statusCode()).isEqualTo(303);
        assertThat(operator.get(aborted.header("Location")).asString())
                .contains("id=\"entry\"", "abort-load", "load " + loadId, ">OK<");
        ReportedRuns.warehouse()
                .get("/api/loads/{id}", loadId)
                .then()
                .body("status", org.hamcrest.Matchers.is("ABORTED"));
        assertThat(operator.get("/actions").asString()).doesNotContain("data-load=\"" + loadId + "\"");

        // when they abort a load the warehouse does not know, then it refuses, and the audit log has why
        String unknown = java.util.UUID.randomUUID().toString();
        Response refused = operator.post("/actions/abort", Map.of("loadId", unknown));
        assertThat(operator.get(refused.header("Location")).asString())
                .contains(">REFUSED<", "the warehouse answered 404");
    }

    @Test
    void theCsvDownloadIsWhatReportServiceServes() {
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/reports");

        Response csv = viewer.get("/reports/weekly.csv?end=2026-11-09");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).contains("weekly_summary_2026-11-02_2026-11-08.csv");
        String direct = given().baseUri(
                        PipelineServices.shared().report().base().toString())
                .auth()
                .oauth2(PipelineServices.OPERATOR_TOKEN)
                .get("/api/reports/weekly.csv?end=2026-11-09")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(csv.asString()).startsWith("user_id,total_spent").isEqualTo(direct);
        assertThat(viewer.get("/reports/weekly.csv?end=someday").statusCode()).isEqualTo(400);
    }

    @Test
    void aViewersForgedPostWithAValidCsrfTokenIsForbiddenAndCallsNothing() {
        // given a viewer with a valid CSRF token of their own session
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/reports");
        assertThat(viewer.csrfToken()).isNotBlank();
        long runsBefore = ingestRuns();
        int auditBefore = auditRows().size();

        // when they post the actions' forms
        Response run = viewer.post("/actions/run", Map.of("kind", "NOW"));
        Response send = viewer.post("/reports/send", Map.of("end", "2026-11-09", "force", "true"));
        Response abort = viewer.post("/actions/abort", Map.of("loadId", "00000000-0000-0000-0000-000000000000"));

        // then each is forbidden, and nothing was called or written
        assertThat(List.of(run.statusCode(), send.statusCode(), abort.statusCode()))
                .containsOnly(403);
        assertThat(ingestRuns()).isEqualTo(runsBefore);
        assertThat(auditRows()).hasSize(auditBefore);
    }

    @Test
    void aPostWithoutItsCsrfTokenIsRefusedAndCallsNothing() {
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        long runsBefore = ingestRuns();

        Response noToken = operator.postWithout("/actions/run", Map.of("kind", "NOW"));
        Response wrongToken = operator.postWithout("/actions/run", Map.of("kind", "NOW", Forms.CSRF_FIELD, "forged"));

        assertThat(noToken.statusCode()).isIn(400, 403);
        assertThat(wrongToken.statusCode()).isIn(400, 403);
        assertThat(ingestRuns()).isEqualTo(runsBefore);
    }

    @Test
    void aViewerSeesNoActions() {
        Forms.Session viewer = Forms.open("viewer", "test-viewer", "/reports");

        String overview = viewer.get("/").asString();
        String reports = viewer.get("/reports").asString();

        assertThat(overview).contains("href=\"/audit\"", "href=\"/reports\"").doesNotContain("href=\"/actions\"");
        assertThat(reports).contains("id=\"csv\"").doesNotContain("id=\"send\"", "/reports/send");
        assertThat(viewer.get("/actions").statusCode()).isEqualTo(403);
        assertThat(viewer.get("/audit").statusCode()).isEqualTo(200);
        // while the operator has them
        Forms.Session operator = Forms.open("operator", "test-operator", "/reports");
        assertThat(operator.get("/").asString()).contains("href=\"/actions\"");
        assertThat(operator.get("/reports").asString()).contains("id=\"send\"");
    }

    /** How many runs ingest knows of its two sources (its own lists, operator token). */
    static long ingestRuns() {
        long runs = 0;
        for (String source : List.of(PipelineServices.SHOP, PipelineServices.REFUNDS)) {
            runs += given().baseUri(PipelineServices.shared().ingest().base().toString())
                    .auth()
                    .oauth2(PipelineServices.OPERATOR_TOKEN)
                    .queryParam("source", source)
                    .get("/api/runs?limit=100")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("$")
                    .size();
        }
        return runs;
    }

    /** The warehouse's audit log, newest first. */
    static List<Map<String, Object>> auditRows() {
        return given().baseUri(WarehouseProcess.shared().url().toString())
                .auth()
                .oauth2(WarehouseProcess.READER_TOKEN)
                .get("/api/audit?limit=500")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    /** The rows of the deliveries table of the week ending before {@code end}. */
    static List<String> deliveryRows(String page, LocalDate end) {
        return List.of(page.split("<tr ")).stream()
                .filter(r -> r.contains("data-end=\"" + end + "\""))
                .toList();
    }

    /** The mails GreenMail got for the week ending before {@code end}. */
    static List<MimeMessage> mailsOf(LocalDate end) {
        String from = end.minusDays(7).toString();
        return List.of(PipelineServices.shared().smtp().getReceivedMessages()).stream()
                .filter(m -> {
                    try {
                        return m.getSubject().contains(from);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
