package io.dailyetl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dailyetl.console.ReportedRuns.Reported;
import io.dailyetl.testing.Browser;
import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's Chromium, headless, driven through {@code /usr/bin/chromedriver}
 * ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them where they are missing). Skipped,
 * saying why, where they are not installed. Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class BrowserTest {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TestHTTPResource("/")
    URL console;

    private Browser window;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void openBrowser() {
        assumeTrue(Browser.missing() == null, Browser.missing());
        window = Browser.open(1280, 900);
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
    void theOperatorLogsInSeesTheRunOnTheOverviewAndReadsItsPage() throws IOException {
        // given a run whose load failed a field rule
        Reported run = ReportedRuns.succeeded(WarehouseProcess.FIELD_RULE_SOURCE, null, "2030-01-01T00:00:00Z");

        // when the operator logs in
        logIn("operator", "test-operator");

        // then the overview shows the run as its source's last, and lists it
        WebElementText row = new WebElementText(wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("tr[data-source='" + WarehouseProcess.FIELD_RULE_SOURCE + "']"))));
        assertThat(row.text()).contains("SUCCEEDED", "12,345", "12,000");
        assertThat(browser.findElement(By.className("user")).getText()).isEqualTo("Signed in as operator");
        screenshot("overview.png");
        // and its charts are images the browser lays out, the numbers behind them one click away
        assertThat(browser.findElements(By.cssSelector("section.charts svg[role='img']")))
                .isNotEmpty()
                .allSatisfy(svg -> assertThat(svg.getSize().getWidth()).isPositive());
        browser.findElement(By.cssSelector("section.charts details summary")).click();
        assertThat(browser.findElement(By.cssSelector("section.charts table.chart-numbers"))
                        .isDisplayed())
                .isTrue();

        // and at phone width the overview fits without a horizontal scroll of the whole page
        browser.manage().window().setSize(new Dimension(390, 844));
        assertThat((Long) ((JavascriptExecutor) browser)
                        .executeScript(
                                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"))
                .isLessThanOrEqualTo(0L);
        screenshot("overview-phone.png");
        browser.manage().window().setSize(new Dimension(1280, 900));

        // when they open the run
        browser.findElement(By.cssSelector("a[href='/runs/" + run.runId() + "']"))
                .click();

        // then its page shows the conservation line and the id of a record that failed a check
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("conservation")));
        assertThat(browser.findElement(By.id("conservation")).getText())
                .isEqualTo("12,345 fetched = 12,000 loaded + 300 rejected + 45 duplicates");
        assertThat(browser.findElement(By.cssSelector("#checks tr[data-check='accepted-values'] td.samples"))
                        .getText())
                .contains(run.failingId());
        assertThat(browser.findElement(By.id("attempts")).getText())
                .contains("the warehouse expired the load: no heartbeat for 90s");
        screenshot("run.png");

        // and at phone width the page still fits without a horizontal scroll of the whole page
        browser.manage().window().setSize(new Dimension(390, 844));
        Long overflow = (Long) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).isLessThanOrEqualTo(0L);
        screenshot("run-phone.png");
    }

    @Test
    void aRunningRunsPageUpdatesItsCountsByItselfAndShowsTheEndWhenItEnds() throws IOException {
        // given a RUNNING run, 2 pages in, and the viewer on its page
        String source = ReportedRuns.uniqueSource();
        String runId = java.util.UUID.randomUUID().toString();
        ReportedRuns.plain(runId, source, "RUNNING", "2026-11-20T01:00:00Z", 1, 2, 2_000);
        logIn("viewer", "test-viewer");
        browser.get(console.toString() + "runs/" + runId);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-progress='fetched']"), "2,000"));
        assertThat(browser.findElement(By.id("progress")).getAttribute("aria-live"))
                .isEqualTo("polite");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.stillTheSamePage = true;");

        // when ingest reports more progress to the warehouse
        ReportedRuns.plain(runId, source, "RUNNING", "2026-11-20T01:00:00Z", 2, 7, 7_000);

        // then the page shows the new counts without being loaded again
        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> assertThat(browser.findElement(By.cssSelector("[data-progress='fetched']"))
                                .getText())
                        .isEqualTo("7,000"));
        assertThat(browser.findElements(By.cssSelector("[data-progress='pages']")))
                .hasSize(2)
                .allSatisfy(e -> assertThat(e.getText()).isEqualTo("7"));
        assertThat(browser.findElement(By.id("conservation")).getText())
                .isEqualTo("7,000 fetched = 3,500 loaded + 0 rejected + 0 duplicates");
        assertThat(js.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
        screenshot("run-running.png");

        // when the run ends
        ReportedRuns.plain(runId, source, "SUCCEEDED", "2026-11-20T01:00:00Z", 3, 8, 8_000);

        // then the page shows its end (loaded once more), and stops asking
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions() // while the page loads again, its elements come and go
                .untilAsserted(
                        () -> assertThat(browser.findElement(By.id("status")).getText())
                                .isEqualTo("SUCCEEDED"));
        assertThat(browser.findElement(By.id("conservation")).getText())
                .isEqualTo("8,000 fetched = 8,000 loaded + 0 rejected + 0 duplicates");
        assertThat(browser.findElements(By.id("progress"))).isEmpty();
    }

    @Test
    void theViewerLogsIn() {
        logIn("viewer", "test-viewer");

        wait.until(ExpectedConditions.textToBe(By.className("user"), "Signed in as viewer"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
    }

    @Test
    void theViewerReadsTheNotificationsThenSignsOutAndTheBrowserNoLongerOpensAPage() throws IOException {
        // given a failed run, which the warehouse notifies
        String source = ReportedRuns.uniqueSource();
        NotificationsPageTest.failed(source, "the source answered 500");
        logIn("viewer", "test-viewer");
        wait.until(ExpectedConditions.textToBe(By.className("user"), "Signed in as viewer"));

        // when they open the notifications from the navigation
        browser.findElement(By.linkText("Notifications")).click();

        // then the failure's notification is listed
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("notifications")));
        assertThat(browser.findElement(By.id("notifications")).getText()).contains("RUN_FAILED", source, "PENDING");
        screenshot("notifications.png");

        // when they sign out
        browser.findElement(By.id("logout")).click();

        // then they are on the login page, told so, and the browser holds no session cookie
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("signed-out")));
        assertThat(browser.findElement(By.id("signed-out")).getText()).isEqualTo("You are signed out.");
        assertThat(browser.manage().getCookieNamed(Login.COOKIE)).isNull();
        screenshot("signed-out.png");

        // and opening a page again sends them to the login form
        browser.get(console.toString() + "notifications");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        assertThat(browser.getCurrentUrl()).endsWith("/login");
    }

    @Test
    void aWrongPasswordIsRefused() {
        logIn("operator", "wrong-password");

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("refused")));
        assertThat(browser.findElement(By.id("refused")).getText()).isEqualTo("Wrong user name or password.");
        assertThat(browser.manage().getCookieNamed(Login.COOKIE)).isNull();
        // the form is there again, the user name field focused for the next try
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("j_username");
    }

    /** Logs in through the form, which has the user-name field focused as it opens. */
    private void logIn(String user, String password) {
        browser.get(console.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("j_username");
        window.logIn(URI.create(console.toString()), user, password);
    }

    private void screenshot(String name) {
        window.screenshot(SCREENSHOTS.resolve(name));
    }

    /** The visible text of an element, read once. */
    private record WebElementText(String text) {
        WebElementText(org.openqa.selenium.WebElement e) {
            this(e.getText());
        }
    }
}
