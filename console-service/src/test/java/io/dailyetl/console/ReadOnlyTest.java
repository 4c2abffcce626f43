package io.dailyetl.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without an operator token the console is read-only: it says so where the buttons would be, and acts on nothing. */
@QuarkusTest
@TestProfile(ReadOnlyTest.NoOperatorToken.class)
@WithTestResource(WarehouseResource.class)
class ReadOnlyTest {

    /** The test profile without {@code console.operator-token}. */
    public static class NoOperatorToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("console.operator-token", "");
        }
    }

    @Test
    void theOperatorIsToldTheConsoleIsReadOnlyAndAPostDoesNothing() {
        Forms.Session operator = Forms.open("operator", "test-operator", "/actions");
        int auditBefore = ActionsTest.auditRows().size();

        String actions = operator.get("/actions").asString();
        String reports = operator.get("/reports").asString();
        Response run = operator.post("/actions/run", Map.of("kind", "NOW"));

        assertThat(actions)
                .contains("id=\"read-only\"", "CONSOLE_OPERATOR_TOKEN")
                .doesNotContain("id=\"run-now\"");
        assertThat(reports).contains("id=\"read-only\"").doesNotContain("id=\"send\"");
        assertThat(run.statusCode()).isEqualTo(409);
        assertThat(run.asString()).contains("The console is read-only", "Nothing was done");
        assertThat(ActionsTest.auditRows()).hasSize(auditBefore);
    }
}
