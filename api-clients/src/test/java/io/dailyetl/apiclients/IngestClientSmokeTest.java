package io.dailyetl.apiclients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dailyetl.apiclients.ingest.ApiClient;
import io.dailyetl.apiclients.ingest.ApiException;
import io.dailyetl.apiclients.ingest.api.RunsApi;
import io.dailyetl.apiclients.ingest.model.Problem;
import io.dailyetl.apiclients.ingest.model.RunView;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ingest called through the client OpenAPI Generator made from its document: it answers as documented. */
class IngestClientSmokeTest {

    private static String base;

    @BeforeAll
    static void startTheServices() {
        base = RunningServices.shared().ingest().toString();
    }

    @Test
    void anOperatorListsTheRecentRuns() throws ApiException {
        // given an operator's client
        RunsApi runs = new RunsApi(client(RunningServices.OPERATOR_TOKEN));

        // when it lists the recent runs
        List<RunView> recent = runs.listRuns(5, null);

        // then the answer parses into the documented list (no smoke test starts a run)
        assertThat(recent)
                .hasSizeLessThanOrEqualTo(5)
                .allSatisfy(run -> assertThat(run.getRunId()).isNotNull());
    }

    @Test
    void anUnknownRunIsANotFoundProblem() throws Exception {
        // given an operator's client
        ApiClient client = client(RunningServices.OPERATOR_TOKEN);

        // when it asks for a run that does not exist (not this replica's, not in the warehouse's history)
        ApiException e = catchThrowableOfType(
                ApiException.class,
                () -> new RunsApi(client).getRun(UUID.randomUUID().toString()));

        // then it is the documented 404, a problem+json body that parses into the generated Problem
        assertThat(e.getCode()).isEqualTo(404);
        assertThat(e.getResponseHeaders().firstValue("Content-Type")).hasValue("application/problem+json");
        Problem problem = problem(client, e);
        assertThat(problem.getType()).isEqualTo("urn:daily-etl:not-found");
        assertThat(problem.getStatus()).isEqualTo(404);
    }

    @Test
    void aLimitOutOfRangeIsAnInvalidRequestNamingTheParameter() throws Exception {
        // given an operator's client
        ApiClient client = client(RunningServices.OPERATOR_TOKEN);

        // when it lists runs with a limit over 100
        ApiException e = catchThrowableOfType(ApiException.class, () -> new RunsApi(client).listRuns(101, null));

        // then it is the documented 400 whose errors name the parameter
        assertThat(e.getCode()).isEqualTo(400);
        assertThat(problem(client, e).getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getField()).isEqualTo("limit"));
    }

    @Test
    void withoutATokenACallIsUnauthorized() throws Exception {
        // given a client that sends no token
        ApiClient client = client(null);

        // when it lists the recent runs
        ApiException e = catchThrowableOfType(ApiException.class, () -> new RunsApi(client).listRuns(null, null));

        // then it is the documented 401 with its challenge
        assertThat(e.getCode()).isEqualTo(401);
        assertThat(e.getResponseHeaders().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(problem(client, e).getTitle()).isEqualTo("Unauthorized");
    }

    @Test
    void aWarehouseTokenIsForbiddenHere() throws Exception {
        // given a client with the loader token, which ingest does not take
        ApiClient client = client(RunningServices.LOADER_TOKEN);

        // when it lists the recent runs
        ApiException e = catchThrowableOfType(ApiException.class, () -> new RunsApi(client).listRuns(null, null));

        // then it is the documented 403
        assertThat(e.getCode()).isEqualTo(403);
        assertThat(problem(client, e).getStatus()).isEqualTo(403);
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
