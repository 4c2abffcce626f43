package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static io.dailyetl.report.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.report.service.WeeklySchedule;
import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The weekly report end to end: real warehouse and PostgreSQL, real SMTP (GreenMail), the mail parsed back. */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class WeeklyReportTest {

    @Inject
    WeeklySchedule schedule;

    @Test
    @Documents("http-api: POST /api/reports/weekly 403 recipient-not-allowed")
    @Documents("errors: 403 urn:daily-etl:recipient-not-allowed")
    void aRecipientOutsideTheAllowListIsRefusedAndNothingIsSent() {
        // given a week with spend, and a request that names one allowed and one outside address
        LocalDate end = Fixtures.uniqueEnd();
        String p = Fixtures.uniquePrefix();
        Fixtures.load(List.of(record(p + "1", p + "-user", "12.00", "active", end.minusDays(2) + "T10:00:00Z")));
        String allowed = Fixtures.uniqueAddress();
        String outsider = "boss-" + p + "@attacker.test";
        int mailsBefore = SmtpResource.smtp().getReceivedMessages().length;

        // when it is sent
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(allowed, outsider)))
                .post("/api/reports/weekly")
                // then it is refused, naming the address and the field
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:recipient-not-allowed"))
                .body("detail", containsString(outsider))
                .body("errors[0].field", is("to"))
                .body("errors[0].message", containsString(outsider));

        // and addresses that only look like the allowed domain are refused too
        for (String lookalike :
                List.of("boss-" + p + "@mail.example.com", "boss-" + p + "@example.com.attacker.test")) {
            api().contentType(ContentType.JSON)
                    .body(Map.of("end", end.toString(), "to", List.of(lookalike)))
                    .post("/api/reports/weekly")
                    .then()
                    .statusCode(403)
                    .body("detail", containsString(lookalike));
        }

        // and nothing was sent, to anyone, and the window was not claimed: an allowed request sends it now
        assertThat(SmtpResource.smtp().getReceivedMessages()).hasSize(mailsBefore);
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(allowed.toUpperCase())))
                .post("/api/reports/weekly")
                .then()
                .statusCode(200)
                .body("users", is(1))
                .body("total", is("12.00"));
        assertThat(Fixtures.received(allowed)).hasSize(1);
        assertThat(Fixtures.received(outsider)).isEmpty();
    }

    @Test
    @Documents("http-api: POST /api/reports/weekly 200")
    void emailedCsvMatchesTheLoadedTotals() throws Exception {
        // given a week of transactions in the warehouse: awkward user ids, a refund, the end day itself
        LocalDate end = Fixtures.uniqueEnd();
        LocalDate from = end.minusDays(7);
        String p = Fixtures.uniquePrefix();
        String formula = "=HYPERLINK(\"http://x\")" + p;
        String comma = "smith, jane " + p;
        String quoteNewline = "say \"hi\"\nthere " + p;
        List<Map<String, Object>> records = List.of(
                record(p + "1", formula, "9.00", "active", from + "T00:00:00Z"),
                record(p + "2", comma, "0.1", "active", from.plusDays(3) + "T12:00:00Z"),
                record(p + "3", comma, "0.2", "active", from.plusDays(4) + "T12:00:00Z"),
                record(p + "4", quoteNewline, "5.50", "active", end.minusDays(1) + "T23:59:59Z"),
                record(p + "5", quoteNewline, "100.00", "refunded", from.plusDays(1) + "T08:00:00Z"),
                record(p + "6", formula, "1.00", "active", end + "T00:00:00Z"), // the end day: excluded
                record(p + "7", comma, "3.00", "active", from.minusDays(1) + "T23:59:59Z")); // before: excluded
        Fixtures.load(records);
        String to = Fixtures.uniqueAddress();

        // when the weekly report for that window is sent
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "days", 7, "to", List.of(to)))
                .post("/api/reports/weekly")
                .then()
                .statusCode(200)
                .body("from", is(from.toString()))
                .body("to", is(end.toString()))
                .body("users", is(3))
                .body("total", is("14.80"))
                .body("emailedTo", is(List.of(to)))
                .body("alreadySent", is(false))
                .body("beingSent", is(false));

        // then exactly one mail arrived, with the subject, the summary and the CSV
        List<MimeMessage> mails = Fixtures.received(to);
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        // with the window's own Message-ID, so a second sending of the window (a crash before SENT) is recognisable
        assertThat(mail.getMessageID()).isEqualTo("<weekly." + from + "." + end + "@daily-etl>");
        assertThat(mail.getSubject()).isEqualTo("Weekly spend report " + from + " \u2013 " + end.minusDays(1));
        Fixtures.Parts parts = Fixtures.parts(mail);
        assertThat(parts.text()).contains("Users: 3").contains("Total spend: 14.80");
        assertThat(parts.html()).contains("<b>14.80</b>");
        String name = "weekly_summary_" + from + "_" + end.minusDays(1) + ".csv";
        assertThat(parts.attachments()).containsOnlyKeys(name);

        // and its rows equal the totals computed here from what was loaded (active, in [from, end))
        Map<String, BigDecimal> expected = new LinkedHashMap<>();
        expected.put(formula, new BigDecimal("9.00"));
        expected.put(quoteNewline, new BigDecimal("5.50"));
        expected.put(comma, new BigDecimal("0.30"));
        List<List<String>> rows = Csv.parse(parts.attachments().get(name));
        assertThat(rows.get(0)).containsExactly("user_id", "total_spent");
        Map<String, BigDecimal> actual = new LinkedHashMap<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            String user = row.get(0).startsWith("'=") ? row.get(0).substring(1) : row.get(0);
            actual.put(user, new BigDecimal(row.get(1)));
        }
        assertThat(actual).containsExactlyEntriesOf(expected);
        // the formula is neutralised, the comma, quote and newline cells are quoted
        assertThat(parts.attachments().get(name))
                .contains("\"'=HYPERLINK(\"\"http://x\"\")" + p + "\",9.00\r\n")
                .contains("\"smith, jane " + p + "\",0.30\r\n")
                .contains("\"say \"\"hi\"\"\nthere " + p + "\",5.50\r\n");
    }

    @Test
    @Documents("http-api: POST /api/reports/weekly 409 already-sent")
    @Documents("troubleshooting: weekly report answers 409")
    void aWindowIsEmailedOnceAndForceResendsUnderANewMessageId() throws Exception {
        LocalDate end = Fixtures.uniqueEnd();
        String p = Fixtures.uniquePrefix();
        Fixtures.load(List.of(record(p + "1", p + "u", "1.00", "active", end.minusDays(2) + "T10:00:00Z")));
        String to = Fixtures.uniqueAddress();
        Map<String, Object> body = new LinkedHashMap<>(Map.of("end", end.toString(), "to", List.of(to)));
        api().contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(200);

        // a second request for the window is refused, and nothing more is sent
        String detail = api().contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:already-sent"))
                .extract()
                .path("detail");
        Fixtures.assertShowsQuotes(detail, "troubleshooting: weekly report answers 409");
        assertThat(Fixtures.received(to)).hasSize(1);
        // and the warehouse's deliveries say when and to whom it was sent
        LocalDate sentFrom = end.minusDays(7);
        Map<String, Object> sent = Fixtures.warehouse()
                .queryParam("report", "weekly")
                .queryParam("limit", 500)
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .extract()
                .path("find { it.from == '" + sentFrom + "' && it.status == 'SENT' }");
        assertThat(sent).containsEntry("recipients", List.of(to)).containsKey("finishedAt");
        assertThat(sent.get("finishedAt")).isNotNull();

        // force resends, as a new message: its Message-ID names the forced delivery
        body.put("force", true);
        api().contentType(ContentType.JSON)
                .body(body)
                .post("/api/reports/weekly")
                .then()
                .statusCode(200);
        List<MimeMessage> mails = Fixtures.received(to);
        assertThat(mails).hasSize(2);
        LocalDate from = end.minusDays(7);
        List<Map<String, Object>> window = Fixtures.warehouse()
                .queryParam("report", "weekly")
                .queryParam("limit", 500)
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .extract()
                .path("findAll { it.from == '" + from + "' }");
        Map<String, Object> forced = window.stream()
                .filter(d -> Boolean.TRUE.equals(d.get("forced")))
                .findFirst()
                .orElseThrow();
        Map<String, Object> superseded = window.stream()
                .filter(d -> "SUPERSEDED".equals(d.get("status")))
                .findFirst()
                .orElseThrow();
        assertThat(mails.get(0).getMessageID()).isEqualTo("<weekly." + from + "." + end + "@daily-etl>");
        assertThat(mails.get(1).getMessageID())
                .isEqualTo("<weekly." + from + "." + end + "." + forced.get("deliveryId") + "@daily-etl>");
        // and each delivery records the Message-ID its mail went out with, as the mail server received it
        assertThat(superseded.get("messageId")).isEqualTo(mails.get(0).getMessageID());
        assertThat(forced.get("messageId")).isEqualTo(mails.get(1).getMessageID());
    }

    @Test
    void theScheduledSendIsNotRepeatedForTheSameWindow() {
        // the warehouse's delivery ledger is the only memory: report-service keeps none, so a restart or a
        // second replica firing again for the window is exactly this second call
        LocalDate end = Fixtures.uniqueEnd();
        String to = Fixtures.uniqueAddress();
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(to)))
                .post("/api/reports/weekly")
                .then()
                .statusCode(200);

        var again = schedule.fire(end);

        assertThat(again).isNotNull();
        assertThat(again.alreadySent()).isTrue();
        assertThat(Fixtures.received(to)).hasSize(1);
        Fixtures.warehouse()
                .queryParam("report", "weekly")
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .body(
                        "find { it.from == '" + end.minusDays(7) + "' && it.status == 'SENT' }.recipients",
                        is(List.of(to)));
    }

    @Test
    void anEmptyWeekSaysSoAndTheCsvHasTheHeaderOnly() throws Exception {
        LocalDate end = Fixtures.uniqueEnd();
        String to = Fixtures.uniqueAddress();

        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(to)))
                .post("/api/reports/weekly")
                .then()
                .statusCode(200)
                .body("users", is(0))
                .body("total", is("0.00"));

        Fixtures.Parts parts = Fixtures.parts(Fixtures.received(to).get(0));
        assertThat(parts.text()).contains("No spend was recorded in this window");
        assertThat(parts.attachments().values()).containsExactly("user_id,total_spent\r\n");
    }

    @Test
    @Documents("http-api: POST /api/reports/weekly 409 being-sent")
    void aWindowAnotherSenderHoldsIsRefusedAndNothingIsSent() {
        // given a window another sender claimed and is emailing (its lease alive)
        LocalDate end = Fixtures.uniqueEnd();
        LocalDate from = end.minusDays(7);
        String to = Fixtures.uniqueAddress();
        Fixtures.warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "report", "weekly", "from", from.toString(), "to", end.toString(), "recipients", List.of(to)))
                .post("/api/report-deliveries")
                .then()
                .statusCode(201);

        // when it is asked for here
        api().contentType(ContentType.JSON)
                .body(Map.of("end", end.toString(), "to", List.of(to)))
                .post("/api/reports/weekly")
                // then it is refused as being sent, and nothing is mailed
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:being-sent"))
                .body("detail", containsString("SENDING"));
        assertThat(Fixtures.received(to)).isEmpty();
    }

    @Test
    void csvDownloadNamesTheWindow() {
        LocalDate end = Fixtures.uniqueEnd();
        String p = Fixtures.uniquePrefix();
        Fixtures.load(List.of(record(p + "1", p + "u", "2.50", "active", end.minusDays(1) + "T10:00:00Z")));

        String csv = api().queryParam("end", end.toString())
                .queryParam("days", 7)
                .get("/api/reports/weekly.csv")
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .header(
                        "Content-Disposition",
                        "attachment; filename=weekly_summary_" + end.minusDays(7) + "_" + end.minusDays(1) + ".csv")
                .extract()
                .asString();

        assertThat(csv).isEqualTo("user_id,total_spent\r\n" + p + "u,2.50\r\n");
    }

    @Test
    @Documents("http-api: POST /api/reports/weekly 400 invalid-request")
    void requestsAreValidatedAndNeedTheToken() {
        given().post("/api/reports/weekly").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("wrong").get("/api/reports/weekly.csv").then().statusCode(403);
        api().contentType(ContentType.JSON)
                .body(Map.of("end", "2026-02-30"))
                .post("/api/reports/weekly")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("end"));
        api().contentType(ContentType.JSON)
                .body(Map.of("days", 0, "to", List.of("a@b.c")))
                .post("/api/reports/weekly")
                .then()
                .statusCode(400)
                .body("errors[0].field", is("days"));
        api().contentType(ContentType.JSON)
                .body(Map.of("to", List.of("not an address")))
                .post("/api/reports/weekly")
                .then()
                .statusCode(400)
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("to"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.hasItem("warehouse"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("report_sent_total"));
    }

    /** A small RFC 4180 reader for the test (quoted cells, doubled quotes, CRLF rows, newlines inside quotes). */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                    i++;
                } else {
                    cell.append(c);
                }
            }
            return rows;
        }
    }
}
