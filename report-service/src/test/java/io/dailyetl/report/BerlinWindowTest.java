package io.dailyetl.report;

import static io.dailyetl.report.Fixtures.api;
import static io.dailyetl.report.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A deployment that reports one source's Berlin weeks: with report.zone=Europe/Berlin the week runs from Berlin
 * midnight to Berlin midnight, across the clock change; with report.source only that source's spend is reported.
 */
@QuarkusTest
@TestProfile(BerlinWindowTest.Berlin.class)
@WithTestResource(WarehouseResource.class)
@WithTestResource(SmtpResource.class)
class BerlinWindowTest {

    /** The source this deployment reports. */
    static final String SOURCE = "report-berlin";

    public static class Berlin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("report.zone", "Europe/Berlin", "report.source", SOURCE);
        }
    }

    @Test
    void theWeekOverTheEndOfSummerTimeEndsAtBerlinMidnight() {
        // Monday 2041-10-21 to Monday 2041-10-28; clocks go back on Sunday the 27th
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate end = LocalDate.of(2041, 10, 28);
        LocalDate from = end.minusDays(7);
        String p = Fixtures.uniquePrefix();
        Fixtures.load(
                SOURCE,
                List.of(
                        record(
                                p + "1",
                                p + "u",
                                "1.00",
                                "active",
                                from.atStartOfDay(berlin)
                                        .minusSeconds(1)
                                        .toInstant()
                                        .toString()),
                        record(
                                p + "2",
                                p + "u",
                                "2.00",
                                "active",
                                from.atStartOfDay(berlin).toInstant().toString()),
                        record(
                                p + "3",
                                p + "u",
                                "4.00",
                                "active",
                                end.atStartOfDay(berlin)
                                        .minusSeconds(1)
                                        .toInstant()
                                        .toString()),
                        record(
                                p + "4",
                                p + "u",
                                "8.00",
                                "active",
                                end.atStartOfDay(berlin).toInstant().toString())));

        String csv = api().queryParam("end", end.toString())
                .get("/api/reports/weekly.csv")
                .then()
                .statusCode(200)
                .header("Content-Disposition", "attachment; filename=weekly_summary_2041-10-21_2041-10-27.csv")
                .extract()
                .asString();

        // 2.00 at Berlin's first midnight and 4.00 a second before the last; not 1.00 (before) nor 8.00 (the end day)
        assertThat(csv).contains(p + "u,6.00\r\n");
    }

    @Test
    void onlyTheReportedSourcesSpendIsInTheCsvWithTheSameColumns() {
        // given one user's transactions from the reported source and from another, one id in both
        LocalDate end = LocalDate.of(2041, 11, 4);
        String p = Fixtures.uniquePrefix();
        String at = end.minusDays(3) + "T12:00:00Z";
        Fixtures.load(SOURCE, List.of(record(p + "1", p + "u", "1.25", "active", at)));
        Fixtures.load(List.of(
                record(p + "1", p + "u", "20.00", "active", at), record(p + "2", p + "u", "40.00", "active", at)));

        // when the week is reported
        String csv = api().queryParam("end", end.toString())
                .get("/api/reports/weekly.csv")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        // then it holds the reported source's spend only, under the usual header
        assertThat(csv).startsWith("user_id,total_spent\r\n").contains(p + "u,1.25\r\n");
    }
}
