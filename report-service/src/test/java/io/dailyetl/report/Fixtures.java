package io.dailyetl.report;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Loads test data into the real warehouse and reads received mail. */
public final class Fixtures {

    public static final String TOKEN = WarehouseProcess.TOKEN;
    private static final LocalDate BASE =
            LocalDate.of(2300, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(0, 250_000));
    private static final AtomicInteger WEEKS = new AtomicInteger();

    private Fixtures() {}

    public static RequestSpecification api() {
        return given().auth().oauth2(TOKEN);
    }

    public static RequestSpecification warehouse() {
        return RestAssured.given()
                .baseUri(WarehouseProcess.shared().url().toString())
                .auth()
                .oauth2(TOKEN);
    }

    /** A Monday-to-Monday window that belongs to the caller alone (with a free week around it). */
    public static LocalDate uniqueEnd() {
        return BASE.plusWeeks(3L * WEEKS.incrementAndGet());
    }

    public static String uniquePrefix() {
        return UUID.randomUUID().toString().substring(0, 8) + "-";
    }

    public static Map<String, Object> record(String id, String user, String amount, String status, String createdAt) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        r.put("userId", user);
        r.put("amount", amount);
        r.put("status", status);
        r.put("createdAt", createdAt);
        return r;
    }

    /** Loads clean records into the warehouse as one committed load of a source of their own, as ingest would. */
    public static void load(List<Map<String, Object>> records) {
        load("report-test-" + UUID.randomUUID().toString().substring(0, 8), records);
    }

    /** Loads clean records into the warehouse as one committed load of {@code source}, as ingest would. */
    public static void load(String source, List<Map<String, Object>> records) {
        String loadId = warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("source", source, "runId", source))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
        warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("records", records, "rejects", List.of()))
                .put("/api/loads/{id}/batches/0", loadId)
                .then()
                .statusCode(200);
        warehouse()
                .contentType(ContentType.JSON)
                .body(Map.of("batches", 1, "records", records.size(), "rejects", 0))
                .post("/api/loads/{id}/commit", loadId)
                .then()
                .statusCode(200);
    }

    /** The messages GreenMail received for an address. */
    public static List<MimeMessage> received(String address) {
        List<MimeMessage> mine = new ArrayList<>();
        for (MimeMessage m : SmtpResource.smtp().getReceivedMessages()) {
            try {
                for (var to : m.getAllRecipients()) {
                    if (to.toString().equalsIgnoreCase(address)) {
                        mine.add(m);
                    }
                }
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }
        return mine;
    }

    /** A message's subject ("null" if it has none). */
    public static String subject(MimeMessage m) {
        try {
            return String.valueOf(m.getSubject());
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The statuses of the weekly report deliveries of the window starting {@code from}, as the warehouse lists them. */
    public static List<String> deliveryStatuses(LocalDate from) {
        return warehouse()
                .queryParam("report", "weekly")
                .queryParam("limit", 500)
                .get("/api/report-deliveries")
                .then()
                .statusCode(200)
                .extract()
                .path("findAll { it.from == '" + from + "' }.status");
    }

    public static String uniqueAddress() {
        return "ops-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** The parts of a received message: text, html and attachments (file name to content). */
    public record Parts(String text, String html, Map<String, String> attachments) {}

    public static Parts parts(MimeMessage message) throws Exception {
        Parts parts = new Parts(null, null, new LinkedHashMap<>());
        return collect(message, parts);
    }

    private static Parts collect(Part part, Parts acc) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                acc = collect(child, acc);
            }
            return acc;
        }
        String content = read(part);
        if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null) {
            acc.attachments().put(part.getFileName(), content);
            return acc;
        }
        if (part.isMimeType("text/html")) {
            return new Parts(acc.text(), content, acc.attachments());
        }
        if (part.isMimeType("text/plain")) {
            return new Parts(content, acc.html(), acc.attachments());
        }
        return acc;
    }

    private static String read(Part part) throws Exception {
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Asserts that {@code actual} shows every text the docs row {@code key} quotes ("…" in a quote is any text). */
    public static void assertShowsQuotes(String actual, String key) {
        List<String> quotes = DocClaims.quoted(key);
        assertThat(quotes).as("the texts %s quotes", key).isNotEmpty();
        for (String quote : quotes) {
            assertThat(actual).as("\"%s\" of the row %s", quote, key).isNotNull();
            assertThat(Docs.contains(actual, quote))
                    .as("%s shows \"%s\" (the row %s)", actual, quote, key)
                    .isTrue();
        }
    }
}
