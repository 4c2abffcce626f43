package io.dailyetl.apiclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dailyetl.apiclients.report.ApiClient;
import io.dailyetl.apiclients.report.ApiException;
import io.dailyetl.apiclients.report.api.ReportsApi;
import io.dailyetl.apiclients.report.model.Problem;
import io.dailyetl.apiclients.report.model.Result;
import io.dailyetl.apiclients.report.model.WeeklyRequest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Report called through the client OpenAPI Generator made from its document: it answers as documented. */
class ReportClientSmokeTest {

    private static String base;

    @BeforeAll
    static void startTheServices() {
        base = RunningServices.shared().report().toString();
    }

    @Test
    void anOperatorBuildsAWeeklyReportWithoutSendingIt() throws ApiException {
        // given an operator's client
        ReportsApi reports = new ReportsApi(client(RunningServices.OPERATOR_TOKEN));

        // when it asks for a week long before any data, built but not mailed
        Result result = reports.sendWeeklyReport(
                new WeeklyRequest().end("2001-01-08").days(7).send(false));

        // then the answer parses into the documented Result: the window, nobody mailed
        assertThat(result.getFrom()).isEqualTo(LocalDate.of(2001, 1, 1));
        assertThat(result.getTo()).isEqualTo(LocalDate.of(2001, 1, 8));
        assertThat(result.getUsers()).isZero();
        assertThat(result.getEmailedTo()).isEmpty();
    }

    @Test
    void anOperatorDownloadsTheWeeklyCsv() throws Exception {
        // given an operator's client
        ReportsApi reports = new ReportsApi(client(RunningServices.OPERATOR_TOKEN));

        // when it downloads a week's CSV
        File csv = reports.downloadWeeklyCsv(7, "2001-01-08");

        // then the file is the CSV with its header and no rows
        try {
            assertThat(Files.readString(csv.toPath(), StandardCharsets.UTF_8)).isEqualTo("user_id,total_spent\r\n");
        } finally {
            Files.deleteIfExists(csv.toPath());
        }
    }

    @Test
    void aRecipientOutsideTheAllowedOnesIsForbidden() throws Exception {
        // given an operator's client
        ApiClient client = client(RunningServices.OPERATOR_TOKEN);

        // when it asks to mail the report to an address outside report.mail.allowed-recipients
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> new ReportsApi(client)
                        .sendWeeklyReport(new WeeklyRequest().end("2001-01-08").to(List.of("someone@elsewhere.test"))));

        // then it is the documented 403 recipient-not-allowed naming the field
        assertThat(e.getCode()).isEqualTo(403);
        Problem problem = problem(client, e);
        assertThat(problem.getType()).isEqualTo("urn:daily-etl:recipient-not-allowed");
        assertThat(problem.getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getField()).isEqualTo("to"));
    }

    @Test
    void anEndThatIsNotADateIsAnInvalidRequestNamingTheField() throws Exception {
        // given an operator's client
        ApiClient client = client(RunningServices.OPERATOR_TOKEN);

        // when it asks for a report ending "last monday"
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> new ReportsApi(client).sendWeeklyReport(new WeeklyRequest().end("last monday")));

        // then it is the documented 400 whose errors name the field
        assertThat(e.getCode()).isEqualTo(400);
        Problem problem = problem(client, e);
        assertThat(problem.getType()).isEqualTo("urn:daily-etl:invalid-request");
        assertThat(problem.getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getField()).isEqualTo("end"));
    }

    @Test
    void withoutATokenACallIsUnauthorized() throws Exception {
        // given a client that sends no token
        ApiClient client = client(null);

        // when it downloads the CSV
        ApiException e =
                catchThrowableOfType(ApiException.class, () -> new ReportsApi(client).downloadWeeklyCsv(null, null));

        // then it is the documented 401 with its challenge
        assertThat(e.getCode()).isEqualTo(401);
        assertThat(e.getResponseHeaders().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(problem(client, e).getTitle()).isEqualTo("Unauthorized");
    }

    private static ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base);
        client.setRequestInterceptor(RunningServices.bearer(token));
        return client;
    }

    private static Problem problem(ApiClient client, ApiException e) throws JsonProcessingException {
        return client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    }
}
