package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.commit;
import static io.dailyetl.warehouse.Api.load;
import static io.dailyetl.warehouse.Api.open;
import static io.dailyetl.warehouse.Api.putBatch;
import static io.dailyetl.warehouse.Api.record;
import static io.dailyetl.warehouse.Api.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class LoadLifecycleTest {

    @Test
    @Documents("http-api: POST /api/loads 201")
    void openingALoadAnswersItOpenWithItsLocation() {
        // given a source no load has touched
        String source = Api.uniqueSource();

        // when a load of it is opened
        String location = api().contentType(ContentType.JSON)
                .body(Map.of("source", source, "runId", "run-" + source))
                .when()
                .post("/api/loads")
                .then()

                // then it is created OPEN, and its Location is where it is read back
                .statusCode(201)
                .body("status", is("OPEN"))
                .body("source", is(source))
                .header("Location", containsString("/api/loads/"))
                .extract()
                .header("Location");
        String loadId = location.substring(location.lastIndexOf('/') + 1);
        api().when()
                .get("/api/loads/{id}", loadId)
                .then()
                .statusCode(200)
                .body("loadId", is(loadId))
                .body("status", is("OPEN"));
    }

    @Test
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 200")
    void replayedBatchDoesNotDuplicate() throws Exception {
        // given a load whose batch 0 was sent twice (a retry), and batch 1 once
        String prefix = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        List<Map<String, Object>> first = records(prefix, 5, day);
        List<Map<String, Object>> second = records(prefix + "b", 3, day);
        String loadId = open(Api.uniqueSource());
        putBatch(loadId, 0, first, List.of())
                .statusCode(200)
                .body("seq", is(0))
                .body("records", is(5))
                .body("rejects", is(0));
        putBatch(loadId, 1, second, List.of()).statusCode(200);
        putBatch(loadId, 0, first, List.of()).statusCode(200).body("seq", is(0));

        // when it commits with what the sender sent (two batches, eight records)
        commit(loadId, 2, 8, 0)
                .statusCode(200)
                .body("status", is("COMMITTED"))
                .body("inserted", is(8))
                .body("duplicates", is(0));

        // then every record is there once
        assertThat(Api.snapshotCount(prefix)).isEqualTo(8);
        assertThat(Api.snapshotSum(prefix)).isEqualByComparingTo(sumOf(first, second));
    }

    @Test
    void secondLoadOfSameRecordsLeavesSnapshotAndSpendIdentical() throws Exception {
        // given a committed load
        String prefix = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        String source = Api.uniqueSource();
        List<Map<String, Object>> batch = records(prefix, 6, day);
        load(source, List.of(batch)).body("inserted", is(6));
        Map<String, Object> before = Api.snapshotRow(prefix + "0");
        String spendBefore = spend(day);

        // when the same records are loaded again
        load(source, List.of(batch))
                .body("inserted", is(0))
                .body("updated", is(0))
                .body("unchanged", is(6));

        // then nothing changed: not the rows, not the spend answer
        assertThat(Api.snapshotCount(prefix)).isEqualTo(6);
        assertThat(Api.snapshotRow(prefix + "0")).isEqualTo(before);
        assertThat(spend(day)).isEqualTo(spendBefore);
    }

    @Test
    void changedRecordIsUpdatedNotDoubled() throws Exception {
        String prefix = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        String source = Api.uniqueSource();
        String at = day + "T10:00:00Z";
        load(
                source,
                List.of(List.of(
                        record(prefix + "1", "u1", "10.00", "active", at),
                        record(prefix + "2", "u1", "5.00", "active", at))));

        // when the transaction is refunded in a later load
        load(
                        source,
                        List.of(List.of(
                                record(prefix + "1", "u1", "10.00", "refunded", at),
                                record(prefix + "2", "u1", "5.00", "active", at))))
                .body("inserted", is(0))
                .body("updated", is(1))
                .body("unchanged", is(1));

        // then it is one row, now refunded, and it drops out of active spend
        assertThat(Api.snapshotCount(prefix)).isEqualTo(2);
        assertThat(Api.snapshotRow(prefix + "1")).containsEntry("status", "refunded");
        api().queryParam("from", day.toString())
                .queryParam("to", day.plusDays(1).toString())
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .body("rows.find { it.userId == 'u1' }.totalSpent", equalTo("5.00"));
    }

    @Test
    void lastOccurrenceOfAnIdWinsAndEarlierOnesCountAsDuplicates() throws Exception {
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T08:00:00Z";
        // id 1 appears in batch 0 twice and in batch 1 once; the one in batch 1 must win
        List<Map<String, Object>> batch0 = List.of(
                record(prefix + "1", "u", "1.00", "active", at),
                record(prefix + "1", "u", "2.00", "active", at),
                record(prefix + "2", "u", "7.00", "active", at));
        List<Map<String, Object>> batch1 = List.of(record(prefix + "1", "u", "3.00", "active", at));
        String loadId = open(Api.uniqueSource());
        // sent out of order, as concurrent senders may: the seq decides, not the arrival
        putBatch(loadId, 1, batch1, List.of()).statusCode(200);
        putBatch(loadId, 0, batch0, List.of()).statusCode(200);

        commit(loadId, 2, 4, 0).statusCode(200).body("inserted", is(2)).body("duplicates", is(2));

        assertThat((BigDecimal) Api.snapshotRow(prefix + "1").get("amount")).isEqualByComparingTo("3.00");
        api().when()
                .get("/api/loads/{id}", loadId)
                .then()
                .statusCode(200)
                .body("status", is("COMMITTED"))
                .body("records", is(4))
                .body("duplicates", is(2));
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 409 conflict")
    @Documents("errors: 409 urn:daily-etl:conflict")
    @Documents("troubleshooting: commit answers 409 \"the commit says … but … are staged\"")
    void commitWithCountsThatDifferFromStagingMergesNothing() throws Exception {
        String prefix = Api.uniquePrefix();
        List<Map<String, Object>> batch = records(prefix, 4, Api.uniqueWeek());
        String loadId = open(Api.uniqueSource());
        putBatch(loadId, 0, batch, List.of()).statusCode(200);

        // when the sender claims more than arrived
        String detail = commit(loadId, 2, 8, 0)
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .extract()
                .path("detail");

        // then the detail says both counts, as the troubleshooting row quotes it
        assertThat(detail)
                .isEqualTo(
                        "load " + loadId + ": the commit says 2 batches, 8 records, 0 rejects but 1 batch, 4 records,"
                                + " 0 rejects are staged; nothing was merged and the load stays OPEN");
        assertThat(DocClaims.quoted("troubleshooting: commit answers 409 \"the commit says … but … are staged\""))
                .isNotEmpty()
                .allSatisfy(quote -> assertThat(Docs.contains(detail, quote))
                        .as("detail \"%s\" shows \"%s\"", detail, quote)
                        .isTrue());

        // then nothing was merged and the load stays OPEN, so the right commit still works
        assertThat(Api.snapshotCount(prefix)).isZero();
        api().when()
                .get("/api/loads/{id}", loadId)
                .then()
                .body("status", is("OPEN"))
                .body("records", is(4));
        commit(loadId, 1, 4, 0).statusCode(200).body("inserted", is(4));
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/abort 200")
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 409 conflict")
    void abortedLoadChangesNothing() throws Exception {
        String prefix = Api.uniquePrefix();
        String loadId = open(Api.uniqueSource());
        putBatch(loadId, 0, records(prefix, 3, Api.uniqueWeek()), List.of()).statusCode(200);

        api().when()
                .post("/api/loads/{id}/abort", loadId)
                .then()
                .statusCode(200)
                .body("loadId", is(loadId))
                .body("status", is("ABORTED"));

        assertThat(Api.snapshotCount(prefix)).isZero();
        assertThat(Api.stagingExists(loadId)).isFalse();
        // aborting again is fine; a batch or commit afterwards is not
        api().when()
                .post("/api/loads/{id}/abort", loadId)
                .then()
                .statusCode(200)
                .body("status", is("ABORTED"));
        putBatch(loadId, 1, records(prefix, 1, Api.uniqueWeek()), List.of())
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString("ABORTED"));
        commit(loadId, 1, 3, 0).statusCode(409).body("detail", containsString("ABORTED"));
        assertThat(Api.snapshotCount(prefix)).isZero();
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/abort 409 conflict")
    void committedLoadTakesNoMoreBatchesAndCannotBeAborted() {
        String loadId = open(Api.uniqueSource());
        putBatch(loadId, 0, records(Api.uniquePrefix(), 1, Api.uniqueWeek()), List.of())
                .statusCode(200);
        commit(loadId, 1, 1, 0).statusCode(200);

        putBatch(loadId, 1, records(Api.uniquePrefix(), 1, Api.uniqueWeek()), List.of())
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("COMMITTED"));
        commit(loadId, 1, 1, 0).statusCode(409);
        api().when()
                .post("/api/loads/{id}/abort", loadId)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString("COMMITTED"));
    }

    @Test
    @Documents("http-api: POST /api/loads 409 conflict")
    @Documents("troubleshooting: `POST /api/loads` answers 409 naming an OPEN load")
    void expiredLoadChangesNothingAndLetsANewLoadOpen() throws Exception {
        // given an OPEN load with a staged batch, and a second open of its source refused while it lives
        String prefix = Api.uniquePrefix();
        String source = Api.uniqueSource();
        String loadId = open(source);
        putBatch(loadId, 0, records(prefix, 3, Api.uniqueWeek()), List.of()).statusCode(200);
        String detail = api().contentType(ContentType.JSON)
                .body(Map.of("source", source, "runId", "second"))
                .when()
                .post("/api/loads")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .extract()
                .path("detail");
        // whose detail names the OPEN load, its source and run, and when its lease runs out, as the row quotes it
        String lease = api().get("/api/loads/{id}", loadId).then().extract().path("leaseExpiresAt");
        assertThat(detail).contains(loadId, source, "(run run-" + source + ")");
        assertThat(OffsetDateTime.parse(detail.substring(detail.lastIndexOf(' ') + 1))
                        .toInstant())
                .isEqualTo(OffsetDateTime.parse(lease).toInstant());
        assertThat(DocClaims.quoted("troubleshooting: `POST /api/loads` answers 409 naming an OPEN load"))
                .isNotEmpty()
                .allSatisfy(quote -> assertThat(Docs.contains(detail, quote))
                        .as("detail \"%s\" shows \"%s\"", detail, quote)
                        .isTrue());

        // when its lease runs out
        Api.lapseLease(loadId);

        // then it can neither take batches nor commit, it shows EXPIRED, its staging is gone, nothing was merged
        putBatch(loadId, 1, records(prefix + "x", 1, Api.uniqueWeek()), List.of())
                .statusCode(409)
                .body("detail", containsString("EXPIRED"));
        commit(loadId, 1, 3, 0).statusCode(409).body("detail", containsString("EXPIRED"));
        api().when().get("/api/loads/{id}", loadId).then().body("status", is("EXPIRED"));
        assertThat(Api.stagingExists(loadId)).isFalse();
        assertThat(Api.snapshotCount(prefix)).isZero();
        // and a new load of the source opens
        String next = open(source);
        assertThat(next).isNotEqualTo(loadId);
    }

    @Test
    void expiryIsNoticedWhenTheNextLoadOpens() throws Exception {
        String source = Api.uniqueSource();
        String first = open(source);
        Api.lapseLease(first);

        String second = open(source);

        api().when().get("/api/loads/{id}", first).then().body("status", is("EXPIRED"));
        api().when()
                .get("/api/loads?source={s}", source)
                .then()
                .statusCode(200)
                .body("loadId", equalTo(List.of(second, first)));
    }

    @Test
    @Documents("troubleshooting: rejected count is high")
    void rejectsAreQuarantinedWithTheirReasonAndRawRecord() {
        String loadId = open(Api.uniqueSource());
        List<Map<String, Object>> rejects = List.of(
                Map.of(
                        "reason",
                        "created_at: unparseable \"not-a-date\"",
                        "page",
                        3,
                        "raw",
                        Map.of("id", "r1", "created_at", "not-a-date", "amount", 12.345678901234567890)),
                Map.of("reason", "status: required", "page", 4, "raw", Map.of("id", "r2")));
        putBatch(loadId, 0, records(Api.uniquePrefix(), 2, Api.uniqueWeek()), rejects)
                .statusCode(200)
                .body("rejects", is(2));

        commit(loadId, 1, 2, 2).statusCode(200).body("rejects", is(2));

        api().when()
                .get("/api/loads/{id}/rejects", loadId)
                .then()
                .statusCode(200)
                .body("total", is(2))
                .body("rejects[0].reason", is("created_at: unparseable \"not-a-date\""))
                .body("rejects[0].page", is(3))
                .body("rejects[0].raw.created_at", is("not-a-date"))
                .body("rejects[1].raw.id", is("r2"));
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 404 not-found")
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 404 not-found")
    @Documents("http-api: POST /api/loads/{loadId}/heartbeat 404 not-found")
    @Documents("http-api: POST /api/loads/{loadId}/abort 404 not-found")
    @Documents("errors: 404 urn:daily-etl:not-found")
    void unknownLoadIsNotFound() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        api().when()
                .get("/api/loads/{id}", unknown)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:not-found"));
        commit(unknown, 1, 1, 0).statusCode(404).body("type", is("urn:daily-etl:not-found"));
        putBatch(unknown, 0, records(Api.uniquePrefix(), 1, Api.uniqueWeek()), List.of())
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:not-found"))
                .body("detail", containsString(unknown));
        for (String action : List.of("heartbeat", "abort")) {
            api().when()
                    .post("/api/loads/{id}/" + action, unknown)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:not-found"))
                    .body("detail", containsString(unknown));
        }
        // and an id that is not a UUID names no load either
        commit("not-a-uuid", 1, 1, 0)
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:not-found"))
                .body("title", is("Not found"))
                .body("detail", is("no load not-a-uuid"));
    }

    private static String spend(LocalDate day) {
        return api().queryParam("from", day.toString())
                .queryParam("to", day.plusDays(7).toString())
                .when()
                .get("/api/analytics/user-spend")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    @SafeVarargs
    private static BigDecimal sumOf(List<Map<String, Object>>... batches) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (List<Map<String, Object>> b : batches) {
            all.addAll(b);
        }
        return all.stream().map(r -> new BigDecimal((String) r.get("amount"))).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
