package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.record;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With {@code warehouse.zone=Europe/Berlin}, days begin at Berlin's midnight, also across a DST change. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@TestProfile(BerlinWindowTest.Berlin.class)
class BerlinWindowTest {

    public static class Berlin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("warehouse.zone", "Europe/Berlin");
        }
    }

    @Test
    void windowEdgesAreBerlinMidnightsAcrossTheClockChange() {
        // a week over the end of summer time: from Monday 2031-10-20 to Monday 2031-10-27 (clocks go back on the 26th)
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        LocalDate from = LocalDate.of(2031, 10, 20);
        LocalDate to = LocalDate.of(2031, 10, 27);
        String p = Api.uniquePrefix();
        String fromMidnight = from.atStartOfDay(berlin).toOffsetDateTime().toString(); // 2031-10-20T00:00+02:00
        String toMidnight = to.atStartOfDay(berlin).toOffsetDateTime().toString(); // 2031-10-27T00:00+01:00
        Api.load(
                Api.uniqueSource(),
                List.of(List.of(
                        record(
                                p + "1",
                                p + "u",
                                "1.00",
                                "active",
                                "2031-10-19T21:59:59Z"), // 23:59:59 Berlin, the day before
                        record(p + "2", p + "u", "2.00", "active", fromMidnight),
                        record(
                                p + "3",
                                p + "u",
                                "4.00",
                                "active",
                                "2031-10-26T22:59:59Z"), // 23:59:59 Berlin on Sunday (CET)
                        record(p + "4", p + "u", "8.00", "active", toMidnight))));

        UserSpendTest.spend(from, to, null).body("rows.find { it.userId == '" + p + "u' }.totalSpent", is("6.00"));
    }
}
