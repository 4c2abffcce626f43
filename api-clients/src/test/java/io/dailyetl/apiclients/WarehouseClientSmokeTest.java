package io.dailyetl.apiclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dailyetl.apiclients.warehouse.ApiClient;
import io.dailyetl.apiclients.warehouse.ApiException;
import io.dailyetl.apiclients.warehouse.api.AnalyticsApi;
import io.dailyetl.apiclients.warehouse.api.LoadsApi;
import io.dailyetl.apiclients.warehouse.model.AbortResult;
import io.dailyetl.apiclients.warehouse.model.LoadStatus;
import io.dailyetl.apiclients.warehouse.model.LoadView;
import io.dailyetl.apiclients.warehouse.model.OpenLoad;
import io.dailyetl.apiclients.warehouse.model.Problem;
import io.dailyetl.apiclients.warehouse.model.UserSpend;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The warehouse called through the client OpenAPI Generator made from its document: it answers as documented. */
class WarehouseClientSmokeTest {

    private static String base;

    @BeforeAll
    static void startTheServices() {
        base = RunningServices.shared().warehouse().toString();
    }

    @Test
    void aLoaderOpensReadsAndAbortsALoad() throws ApiException {
        // given a loader's client and a source no other test uses
        LoadsApi loads = new LoadsApi(client(RunningServices.LOADER_TOKEN));
        String source = "smoke-" + UUID.randomUUID().toString().substring(0, 8);

        // when it opens a load, reads it back and aborts it
        LoadView opened = loads.openLoad(new OpenLoad().source(source).runId("smoke-run"));
        LoadView read = loads.getLoad(opened.getLoadId());
        AbortResult aborted = loads.abortLoad(opened.getLoadId());

        // then each answer parses into the documented model
        assertThat(opened.getSource()).isEqualTo(source);
        assertThat(opened.getStatus()).isEqualTo(LoadStatus.OPEN);
        assertThat(opened.getLeaseExpiresAt()).isNotNull();
        assertThat(read.getLoadId()).isEqualTo(opened.getLoadId());
        assertThat(read.getRunId()).isEqualTo("smoke-run");
        assertThat(aborted.getLoadId()).isEqualTo(opened.getLoadId());
        assertThat(aborted.getStatus()).isEqualTo(LoadStatus.ABORTED);
    }

    @Test
    void aReaderGetsUserSpendAsTheDocumentedJson() throws ApiException {
        // given a reader's client
        AnalyticsApi analytics = new AnalyticsApi(client(RunningServices.READER_TOKEN));

        // when it asks for a week long before any data
        UserSpend spend = analytics.getUserSpend("2001-01-01", null, null, "2001-01-08", "UTC");

        // then the streamed answer has every field the UserSpend schema names
        assertThat(spend.getFrom()).isEqualTo(LocalDate.of(2001, 1, 1));
        assertThat(spend.getTo()).isEqualTo(LocalDate.of(2001, 1, 8));
        assertThat(spend.getUsers()).isZero();
        assertThat(spend.getTotal()).isNotBlank();
        assertThat(spend.getRows()).isEmpty();
    }

    @Test
    void anUnknownLoadIsANotFoundProblem() throws Exception {
        // given an operator's client
        ApiClient client = client(RunningServices.OPERATOR_TOKEN);

        // when it asks for a load that does not exist
        ApiException e =
                catchThrowableOfType(ApiException.class, () -> new LoadsApi(client).getLoad(UUID.randomUUID()));

        // then it is the documented 404, a problem+json body that parses into the generated Problem
        assertThat(e.getCode()).isEqualTo(404);
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = problem(client, e);
        assertThat(problem.getType()).isEqualTo("urn:daily-etl:not-found");
        assertThat(problem.getStatus()).isEqualTo(404);
        assertThat(problem.getDetail()).startsWith("no load");
    }

    @Test
    void aLimitOutOfRangeIsAnInvalidRequestNamingTheParameter() throws Exception {
        // given an operator's client
        ApiClient client = client(RunningServices.OPERATOR_TOKEN);

        // when it lists loads with a limit of 0
        ApiException e = catchThrowableOfType(ApiException.class, () -> new LoadsApi(client).listLoads(0, null));

        // then it is the documented 400 whose errors name the parameter
        assertThat(e.getCode()).isEqualTo(400);
        Problem problem = problem(client, e);
        assertThat(problem.getType()).isEqualTo("urn:daily-etl:invalid-request");
        assertThat(problem.getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getField()).isEqualTo("limit"));
    }

    @Test
    void withoutATokenACallIsUnauthorized() throws Exception {
        // given a client that sends no token
        ApiClient client = client(null);

        // when it lists loads
        ApiException e = catchThrowableOfType(ApiException.class, () -> new LoadsApi(client).listLoads(null, null));

        // then it is the documented 401 with its challenge
        assertThat(e.getCode()).isEqualTo(401);
        assertThat(e.getResponseHeaders().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(problem(client, e).getTitle()).isEqualTo("Unauthorized");
    }

    @Test
    void aReaderMayNotOpenALoad() throws Exception {
        // given a reader's client
        ApiClient client = client(RunningServices.READER_TOKEN);

        // when it tries to open a load
        ApiException e = catchThrowableOfType(
                ApiException.class, () -> new LoadsApi(client).openLoad(new OpenLoad().source("smoke-forbidden")));

        // then it is the documented 403
        assertThat(e.getCode()).isEqualTo(403);
        assertThat(problem(client, e).getDetail()).contains("reader");
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
