package io.dailyetl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dailyetl.testing.Browser;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator's actions in a real browser (headless Debian Chromium, as {@link BrowserTest}), against a real
 * ingest-service and report-service ({@link PipelineServices}): start a run and watch it reach SUCCEEDED, send and
 * resend a week and see the new delivery; a viewer sees no action, and the posts a page's own script forges (a
 * viewer's with their CSRF token, anyone's without a valid one) and another site's form are refused and call nothing.
 * Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(PipelineServices.class)
class ActionsBrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TestHTTPResource("/")
    URL console;

    private Browser window;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        assumeTrue(Browser.missing() == null, Browser.missing());
        window = Browser.open(1280, 900, Duration.ofSeconds(60));
        browser = window.driver();
        wait = window.await();
    }

    @AfterEach
    void closeBrowser() {
        if (window != null) {
            window.close();
        }
    }

    @Test
    void theOperatorPicksASourceStartsARunConfirmsItAndWatchesItSucceed() throws IOException {
        // given the operator on the actions page, where ingest's two sources are offered and none is picked
        logIn("operator", "test-operator");
        browser.findElement(By.cssSelector("nav a[href='/actions']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-now-button")));
        Select source = new Select(browser.findElement(By.id("run-now-source")));
        assertThat(source.getOptions().stream().map(WebElement::getText).toList())
                .containsExactly("Choose a source", PipelineServices.REFUNDS, PipelineServices.SHOP);
        screenshot("actions.png");

        // when they ask to run now without picking a source, then the browser keeps them on the page
        browser.findElement(By.id("run-now-button")).click();
        assertThat(((JavascriptExecutor) browser)
                        .executeScript("return document.getElementById('run-now-source').validity.valueMissing;"))
                .isEqualTo(true);
        assertThat(browser.findElements(By.id("question"))).isEmpty();

        // when they pick shop, ask to run now and confirm
        source.selectByValue(PipelineServices.SHOP);
        browser.findElement(By.id("run-now-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("question"), "Start a run of shop now?"));
        screenshot("confirm.png");
        browser.findElement(By.id("confirm")).click();

        // then they land on the run's page, a run of shop, and (looking again) see it reach SUCCEEDED
        wait.until(ExpectedConditions.urlMatches("/runs/[0-9a-f-]{36}$"));
        // (a running run's page updates itself and loads once more when the run ended: read it in the page, at once)
        wait.until(d -> "SUCCEEDED"
                .equals(((JavascriptExecutor) d)
                        .executeScript("const s = document.getElementById('status');"
                                + " return s === null ? null : s.textContent.trim();")));
        assertThat(browser.findElement(By.id("conservation")).getText())
                .isEqualTo("3 fetched = 3 loaded + 0 rejected + 0 duplicates");
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Run of shop:");
        screenshot("run-started.png");

        // and the audit log has it, naming the source
        browser.findElement(By.cssSelector("nav a[href='/audit']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("audit")));
        assertThat(browser.findElement(By.cssSelector("#audit tbody tr")).getText())
                .contains("operator (operator)", "run-now", "ingest run of shop", "OK");
    }

    @Test
    void theOperatorSendsAWeekAndResendsItAndSeesTheNewDelivery() throws IOException {
        LocalDate end =
                LocalDate.of(1990, 1, 1).plusWeeks(ThreadLocalRandom.current().nextInt(0, 500));
        logIn("operator", "test-operator");
        browser.findElement(By.cssSelector("nav a[href='/reports']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("send-button")));

        // when they send the week, confirmed
        send(end, false);

        // then the page says it was mailed and lists the delivery
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("entry")));
        assertThat(browser.findElement(By.id("entry")).getText()).contains("send-report", "OK", "ops@example.com");
        assertThat(browser.findElements(By.cssSelector("tr[data-end='" + end + "']")))
                .hasSize(1);

        // when they send it again, ticking "send again"
        send(end, true);

        // then a new delivery is listed first, resent, and the first is superseded
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("entry"), "resend-report"));
        var rows = browser.findElements(By.cssSelector("tr[data-end='" + end + "']"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("(resent)", "SENT");
        assertThat(rows.get(1).getText()).contains("SUPERSEDED");
        screenshot("reports.png");
    }

    @Test
    void aViewerSeesNoActionButtons() throws IOException {
        logIn("viewer", "test-viewer");
        wait.until(ExpectedConditions.textToBe(By.className("user"), "Signed in as viewer"));

        assertThat(browser.findElements(By.cssSelector("nav a[href='/actions']")))
                .isEmpty();
        browser.findElement(By.cssSelector("nav a[href='/reports']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("csv")));
        assertThat(browser.findElements(By.id("send"))).isEmpty();
        // the page's own buttons (the header's Sign out is everyone's)
        assertThat(browser.findElements(By.cssSelector("main button")).stream()
                        .map(b -> b.getText())
                        .toList())
                .containsExactly("Download CSV");
        screenshot("reports-viewer.png");
    }

    @Test
    void aViewersPageThatPostsRunNowWithTheirCsrfTokenIsForbiddenWithoutItRefusedAndNothingIsCalled() {
        // given the viewer on the overview, whose sign-out form carries their CSRF token
        logIn("viewer", "test-viewer");
        assertThat(browser.findElement(By.cssSelector("form.logout input[name='" + Forms.CSRF_FIELD + "']"))
                        .getAttribute("value"))
                .isNotBlank();
        long runsBefore = ActionsTest.ingestRuns();
        int auditBefore = ActionsTest.auditRows().size();

        // when the page's script posts the run-now form with that token, and again without one
        Object withToken = post("/actions/run", Map.of("kind", "NOW"), true);
        Object withoutToken = post("/actions/run", Map.of("kind", "NOW"), false);

        // then the first is forbidden, the second refused (as ActionsTest's plain HTTP posts are)
        assertThat(withToken).isEqualTo(403L);
        assertThat(withoutToken).isIn(400L, 403L);
        // and, for a while after, ingest started no run and the audit log has no new row
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ActionsTest.ingestRuns()).isEqualTo(runsBefore);
            assertThat(ActionsTest.auditRows()).hasSize(auditBefore);
        });
    }

    @Test
    void anOperatorsPageThatPostsRunNowWithoutItsCsrfTokenOrWithAForgedOneIsRefusedAndNothingIsCalled() {
        // given the operator on the actions page
        logIn("operator", "test-operator");
        browser.findElement(By.cssSelector("nav a[href='/actions']")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-now-button")));
        long runsBefore = ActionsTest.ingestRuns();
        int auditBefore = ActionsTest.auditRows().size();

        // when the page's script posts the confirmed run-now form without a token, and with a forged one
        Object withoutToken = post("/actions/run", Map.of("kind", "NOW"), false);
        Object forged = post("/actions/run", Map.of("kind", "NOW", Forms.CSRF_FIELD, "forged"), false);

        // then both are refused, as ActionsTest's plain HTTP posts are
        assertThat(List.of(withoutToken, forged))
                .allSatisfy(status -> assertThat(status).isIn(400L, 403L));
        // and, for a while after, ingest started no run and the audit log has no new row
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ActionsTest.ingestRuns()).isEqualTo(runsBefore);
            assertThat(ActionsTest.auditRows()).hasSize(auditBefore);
        });
    }

    @Test
    void aFormOfAnotherSiteThatPostsRunNowAsTheSignedInOperatorStartsNothing() {
        // given the operator signed in, and a page of another site whose form posts run-now to the console
        logIn("operator", "test-operator");
        long runsBefore = ActionsTest.ingestRuns();
        int auditBefore = ActionsTest.auditRows().size();
        String elsewhere = "<!DOCTYPE html><html lang='en'><title>elsewhere</title>"
                + "<form method='post' action='" + console + "actions/run'>"
                + "<input type='hidden' name='kind' value='NOW'><button id='prize'>Win a prize</button></form>";
        browser.get("data:text/html;charset=utf-8,"
                + URLEncoder.encode(elsewhere, StandardCharsets.UTF_8).replace("+", "%20"));

        // when the operator submits it
        browser.findElement(By.id("prize")).click();
        wait.until(d -> d.getCurrentUrl().startsWith(console.toString()));

        // then the browser sent no session with it (SameSite=Strict): the console asks for a login
        assertThat(browser.getCurrentUrl()).isEqualTo(console + "login");
        // and, for a while after, ingest started no run and nothing was audited
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(ActionsTest.ingestRuns()).isEqualTo(runsBefore);
            assertThat(ActionsTest.auditRows()).hasSize(auditBefore);
        });
    }

    /**
     * POSTs {@code fields} as a form to {@code path} from the page the browser shows, by its own script ({@code fetch},
     * same-origin credentials, redirects not followed), adding the CSRF token the page's forms carry where
     * {@code withPagesToken}; answers the status (a number), or why the request failed (a string).
     */
    private Object post(String path, Map<String, String> fields, boolean withPagesToken) {
        String script = "var done = arguments[arguments.length - 1];"
                + " var body = new URLSearchParams(arguments[1]);"
                + " if (arguments[2]) {"
                + "   body.set(arguments[3], document.querySelector('input[name=\"' + arguments[3] + '\"]').value); }"
                + " fetch(arguments[0], { method: 'POST', credentials: 'same-origin', redirect: 'manual', body: body })"
                + "   .then(function (r) { done(r.status); }, function (e) { done('fetch failed: ' + e); });";
        return ((JavascriptExecutor) browser)
                .executeAsyncScript(script, path, new LinkedHashMap<>(fields), withPagesToken, Forms.CSRF_FIELD);
    }

    private void send(LocalDate end, boolean again) {
        var day = browser.findElement(By.id("end"));
        // a date input takes its value as the browser's locale shows it; set it as the form sends it instead
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", day, end.toString());
        if (again) {
            browser.findElement(By.id("force")).click();
        }
        browser.findElement(By.id("send-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        assertThat(browser.findElement(By.id("question")).getText())
                .contains(end.minusDays(7).toString());
        browser.findElement(By.id("confirm")).click();
        wait.until(ExpectedConditions.urlContains("/reports?entry="));
    }

    private void logIn(String user, String password) {
        window.logIn(URI.create(console.toString()), user, password);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.className("user")));
    }

    private void screenshot(String name) {
        window.screenshot(SCREENSHOTS.resolve(name));
    }
}
