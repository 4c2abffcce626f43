package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.testing.Browser;
import io.dailyetl.testing.TestDatabase;
import jakarta.mail.internet.MimeMessage;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The whole system as deployed: the packaged demo-source, warehouse, ingest and report as separate processes,
 * real HTTP between them, real PostgreSQL, a real SMTP server. The expected totals come from the demo-source's
 * own knowledge of the records it generated, not from ingest's cleaner.
 */
class EndToEndTest {

    private static final LocalDate WEEK = LocalDate.of(2026, 11, 16);
    private static Stack stack;
    private static StackClient client;
    private static StartUpLogs startUpLogs;

    @BeforeAll
    static void startTheSystem() throws Exception {
        Path root = io.dailyetl.testing.ServiceProcess.repositoryRoot();
        TestDatabase db = TestDatabase.shared();
        stack = Stack.start(
                new Stack.Options(root, root.resolve("devstack/target/e2e"), false, "e2e-token", 3000, 100, db.login()),
                message -> System.out.println("[e2e] " + message));
        client = new StackClient(stack);
        startUpLogs = StartUpLogs.whenReady(stack);
    }

    @AfterAll
    static void stopTheSystem() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theLocalStackServesSwaggerUiAndEveryServiceItsOpenApiDocument() throws Exception {
        for (URI base : List.of(stack.warehouse(), stack.ingest(), stack.report())) {
            assertThat(client.call("GET", base.resolve("/q/swagger-ui/"), null, Duration.ofSeconds(30))
                            .statusCode())
                    .as("Swagger UI of %s", base)
                    .isEqualTo(200);
            assertThat(client.call("GET", base.resolve("/q/openapi"), null, Duration.ofSeconds(30))
                            .body())
                    .as("OpenAPI document of %s", base)
                    .contains("/api/");
        }
    }

    @Test
    void ingestAndReportHoldTokensThatCanDoOnlyTheirOwnWork() throws Exception {
        // the run and report tests show the loader and reader tokens suffice; here, that they do no more
        assertThat(status("GET", stack.warehouse().resolve("/api/loads"), stack.loaderToken()))
                .as("ingest's token lists loads")
                .isEqualTo(403);
        assertThat(status("POST", stack.warehouse().resolve("/api/loads"), stack.readerToken()))
                .as("report's token opens a load")
                .isEqualTo(403);
        assertThat(status(
                        "GET",
                        stack.warehouse().resolve("/api/analytics/user-spend?from=2026-11-16&to=2026-11-23"),
                        stack.loaderToken()))
                .as("ingest's token reads analytics")
                .isEqualTo(403);
        assertThat(status("GET", stack.ingest().resolve("/api/runs"), stack.loaderToken()))
                .as("ingest's token at ingest's own API")
                .isEqualTo(403);
        assertThat(status("GET", stack.report().resolve("/api/reports/weekly.csv"), stack.readerToken()))
                .as("report's token at report's own API")
                .isEqualTo(403);
        assertThat(status("GET", stack.warehouse().resolve("/api/loads"), stack.token()))
                .as("the operator token")
                .isEqualTo(200);
    }

    @Test
    void theConsoleLetsInTheUsersWhosePasswordsTheStackMadeAndNoOneElse() throws Exception {
        // given the console the stack started, with the passwords ./pipeline up prints
        HttpClient browser = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        // when the operator logs in with the stack's password
        HttpResponse<String> login =
                logIn(browser, "operator", stack.consolePasswords().get("operator"));

        // then the login lands on the overview, signed in, which reads the warehouse (a 503 page otherwise)
        assertThat(login.statusCode()).isEqualTo(302);
        HttpResponse<String> overview = browser.send(
                HttpRequest.newBuilder(stack.console().resolve("/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("Signed in as operator");

        // and the viewer's password is not the operator's, nor is a made-up one let in
        HttpClient stranger =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> refused =
                logIn(stranger, "operator", stack.consolePasswords().get("viewer"));
        assertThat(refused.headers().firstValue("Location").orElse("")).contains("/login?error=true");
        assertThat(stack.consolePasswords().get("viewer"))
                .isNotEqualTo(stack.consolePasswords().get("operator"));
    }

    @Test
    void theConsoleShowsTheDemoRunInABrowserAndSavesTheReadmeScreenshots() throws Exception {
        assumeTrue(Browser.missing() == null, Browser.missing());
        // given a run of the demo data
        JsonNode run = client.runIngest(Duration.ofMinutes(5));
        String conservation = String.format(
                Locale.ROOT,
                "%,d fetched = %,d loaded + %,d rejected + %,d duplicates",
                run.path("fetched").asLong(),
                run.path("loaded").asLong(),
                run.path("rejected").asLong(),
                run.path("duplicates").asLong());

        try (Browser browser = Browser.open(1280, 900)) {
            // when the operator logs in with the stack's password
            browser.logIn(stack.console(), "operator", stack.consolePasswords().get("operator"));

            // then the overview shows the run as its source's last
            String source = client.get(stack.warehouse()
                            .resolve("/api/runs/" + run.path("runId").asText()))
                    .path("source")
                    .asText();
            WebElement row = browser.await()
                    .until(ExpectedConditions.visibilityOfElementLocated(
                            By.cssSelector("tr[data-source='" + source + "']")));
            assertThat(row.getText()).contains(run.path("status").asText());
            screenshot(browser, "console-overview.png");

            // and the run's page its counts as the run reported them
            browser.driver()
                    .get(stack.console()
                            .resolve("/runs/" + run.path("runId").asText())
                            .toString());
            browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("conservation")));
            assertThat(browser.driver().findElement(By.id("conservation")).getText())
                    .isEqualTo(conservation);
            screenshot(browser, "console-run.png");
        }
    }

    @Test
    void anOperatorStartsARunWatchesItSucceedDownloadsItsRejectsResendsAWeekAndSignsOut() throws Exception {
        assumeTrue(Browser.missing() == null, Browser.missing());
        try (Browser window = Browser.open(1280, 900, Duration.ofMinutes(2))) {
            WebDriver browser = window.driver();
            JavascriptExecutor page = (JavascriptExecutor) browser;
            window.logIn(stack.console(), "operator", stack.consolePasswords().get("operator"));

            // when the operator starts a run from the actions page and confirms it
            browser.findElement(By.cssSelector("nav a[href='/actions']")).click();
            window.await().until(ExpectedConditions.elementToBeClickable(By.id("run-now-button")));
            browser.findElement(By.id("run-now-button")).click();
            window.await().until(ExpectedConditions.elementToBeClickable(By.id("confirm")));
            browser.findElement(By.id("confirm")).click();

            // then they land on the run's page and watch it reach SUCCEEDED there (the page updates itself)
            window.await().until(ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
            window.await()
                    .until(d -> "SUCCEEDED"
                            .equals(page.executeScript("const s = document.getElementById('status');"
                                    + " return s === null ? null : s.textContent.trim();")));
            String runId =
                    browser.getCurrentUrl().substring(browser.getCurrentUrl().lastIndexOf('/') + 1);
            JsonNode run = client.get(stack.warehouse().resolve("/api/runs/" + runId));
            assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts")))
                    .as("run %s", run)
                    .isEmpty();

            // and the page's link downloads every one of its rejects, in the browser's session
            String csv = (String) page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + " fetch(document.getElementById('rejects-csv').href).then(r => r.text()).then(done);");
            // (the demo's rejects hold no line break: their raw records are one-line JSON)
            List<String> rows = List.of(csv.strip().split("\r?\n"));
            assertThat(rows.get(0)).startsWith("seq,position,page,field,reason,raw");
            assertThat(rows).hasSize(1 + run.path("rejected").asInt());

            // when they send the demo week again from the reports page, confirmed
            LocalDate end = WEEK.plusDays(7);
            browser.findElement(By.cssSelector("nav a[href='/reports']")).click();
            window.await().until(ExpectedConditions.elementToBeClickable(By.id("send-button")));
            int before = browser.findElements(By.cssSelector("tr[data-end='" + end + "']"))
                    .size();
            page.executeScript("document.getElementById('end').value = arguments[0];", end.toString());
            browser.findElement(By.id("force")).click();
            browser.findElement(By.id("send-button")).click();
            window.await().until(ExpectedConditions.elementToBeClickable(By.id("confirm")));
            browser.findElement(By.id("confirm")).click();

            // then a new delivery of that week is listed first, sent
            window.await().until(ExpectedConditions.urlContains("/reports?entry="));
            List<WebElement> deliveries = browser.findElements(By.cssSelector("tr[data-end='" + end + "']"));
            assertThat(deliveries).hasSize(before + 1);
            assertThat(deliveries.get(0).getText()).contains("SENT");

            // when they sign out, they are told so, and a page sends them to the login again
            browser.findElement(By.id("logout")).click();
            window.await()
                    .until(ExpectedConditions.textToBePresentInElementLocated(
                            By.tagName("main"), "You are signed out."));
            browser.get(stack.console().resolve("/runs").toString());
            window.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        }
    }

    /**
     * Saves a screenshot in devstack/target/screenshots/, and in the folder system property
     * {@code console.screenshots} names (README's images: {@code -Dconsole.screenshots=$PWD/docs/images}).
     */
    private static void screenshot(Browser browser, String name) {
        browser.screenshot(Path.of("target", "screenshots", name));
        String docs = System.getProperty("console.screenshots", "");
        if (!docs.isBlank()) {
            browser.screenshot(Path.of(docs).resolve(name));
        }
    }

    private static HttpResponse<String> logIn(HttpClient browser, String user, String password) throws Exception {
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return browser.send(
                HttpRequest.newBuilder(stack.console().resolve("/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String method, URI uri, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        HttpRequest.BodyPublishers.ofString(method.equals("GET") ? "" : "{\"source\":\"e2e-x\"}"))
                .timeout(Duration.ofSeconds(30))
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void demoDataReachesTheEmailedCsvExactlyAndARerunChangesNoTotal() throws Exception {
        // when the demo data is ingested
        JsonNode run = client.runIngest(Duration.ofMinutes(5));

        // then nothing is lost, and the counts are the ones the demo-source generated
        assertThat(StackClient.runProblems(run, client.demo("/api/expected/counts")))
                .as("run %s", run)
                .isEmpty();

        // when the weekly report of the demo week is emailed
        String to = "e2e@example.com";
        JsonNode report = client.weeklyReport(WEEK.plusDays(7), List.of(to), true);

        // then the attached CSV lists exactly the per-user totals the demo-source expects
        MimeMessage mail = mailTo(to);
        List<String> csvRows = StackClient.csvRecords(StackClient.csvAttachment(mail));
        JsonNode spend = client.demo(
                "/api/expected/user-spend?from=" + WEEK + "&to=" + WEEK.plusDays(7) + "&status=active&zone=UTC");
        List<String> expectedRows = StackClient.expectedCsv(spend);
        assertThat(expectedRows).hasSizeGreaterThan(10);
        assertThat(csvRows).containsExactlyElementsOf(expectedRows);
        assertThat(report.path("users").asLong()).isEqualTo(spend.path("users").asLong());
        assertThat(report.path("total").asText()).isEqualTo(spend.path("total").asText());

        // when the same data is ingested again, no total changes
        JsonNode before = client.userSpend(WEEK, WEEK.plusDays(7));
        JsonNode again = client.runIngest(Duration.ofMinutes(5));
        assertThat(again.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(again.path("loaded").asLong()).isEqualTo(run.path("loaded").asLong());
        assertThat(client.userSpend(WEEK, WEEK.plusDays(7))).isEqualTo(before);
    }

    private static MimeMessage mailTo(String address) throws Exception {
        for (MimeMessage m : stack.smtp().getReceivedMessages()) {
            if (m.getAllRecipients()[0].toString().equalsIgnoreCase(address)) {
                return m;
            }
        }
        throw new AssertionError("no mail to " + address);
    }

    @Test
    void aCorrectlyConfiguredServiceStartsWithoutASingleWarning() {
        // (the stack starts each service as a deployment does: prod profile, every setting it needs)
        for (String module : StartUpLogs.SERVICES) {
            List<String> lines = startUpLogs.of(module);
            assertThat(lines).as("%s's start-up log", module).isNotEmpty();
            assertThat(lines)
                    .as("%s's start-up log, up to ready and its warm-ups", module)
                    .noneMatch(StartUpLogs::warnsOrWorse);
        }
    }
}
