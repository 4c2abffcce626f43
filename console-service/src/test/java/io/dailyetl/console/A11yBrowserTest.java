package io.dailyetl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dailyetl.console.ReportedRuns.Reported;
import io.dailyetl.testing.Browser;
import io.dailyetl.testing.WarehouseProcess;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every console page in Chromium (as {@link BrowserTest}) passes a small accessibility audit ({@code a11y-audit.js}:
 * the page's language, one {@code <h1>}, named fields, buttons and links, described images, text contrast of at least
 * 4.5:1), and TAB from the body focuses its first link visibly ({@code a11y-focus.js}). A failure lists each finding
 * as page, element and rule.
 */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
@WithTestResource(PipelineServices.class)
class A11yBrowserTest {

    private static final String AUDIT = resource("a11y-audit.js");
    private static final String FOCUS = resource("a11y-focus.js");

    /** A page that breaks each rule once, next to an element that keeps it (or that the audit leaves out). */
    private static final String BROKEN = "<!DOCTYPE html><html><head><title>broken</title></head><body>"
            + "<a href='/first' id='first' style='outline: none'>first</a>"
            + "<h1>One</h1><h1>Two</h1>"
            + "<input id='nameless'> <label for='named'>Named</label><input id='named'>"
            + "<a href='/nowhere'></a> <button></button> <button aria-label='Close'></button>"
            + "<img src='data:,'> <img src='data:,' alt=''>"
            + "<svg width='10' height='10'><rect width='10' height='10'/></svg>"
            + "<svg role='img' aria-label='A square' width='10' height='10'><rect width='10' height='10'/></svg>"
            + "<p class='faint' style='color: #aaa'>faint</p>"
            + "<p style='background: url(data:,); color: #eee'>on an image</p>"
            + "</body></html>";

    @TestHTTPResource("/")
    URL console;

    private Browser window;
    private WebDriver browser;
    private WebDriverWait wait;
    private final List<String> findings = new ArrayList<>();

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
    void everyConsolePagePassesTheAuditAndTheKeyboardReachesItsFirstLinkVisibly() throws URISyntaxException {
        // given a run with a failed check and a reject, and a failed run the warehouse notified
        Reported run = ReportedRuns.succeeded(WarehouseProcess.FIELD_RULE_SOURCE, null);
        NotificationsPageTest.failed(ReportedRuns.uniqueSource(), "the source answered 500");

        // when the login page is audited, as it opens and after a wrong password
        browser.get(console.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        audit("login");
        window.logIn(console.toURI(), "operator", "wrong-password");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("refused")));
        audit("login, refused");

        // and every page of the operator, and an action's confirmation and outcome
        window.logIn(console.toURI(), "operator", "test-operator");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.className("user")));
        for (String page : List.of("", "runs", "runs/" + run.runId(), "reports", "notifications", "audit")) {
            open(page);
            audit("/" + page);
        }
        // (an OPEN load, opened just before: the test warehouse's lease is 6 s)
        String loadId = ReportedRuns.warehouse()
                .contentType("application/json")
                .body(Map.of("source", ReportedRuns.uniqueSource(), "runId", "dead-run"))
                .post("/api/loads")
                .then()
                .statusCode(201)
                .extract()
                .path("loadId");
        open("actions");
        audit("/actions");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-load='" + loadId + "'] button")))
                .click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm")));
        audit("abort confirmation");
        browser.findElement(By.id("confirm")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("entry")));
        audit("/audit after the abort");

        // then no page has a finding
        assertThat(findings).as("accessibility findings").isEmpty();
    }

    @Test
    void theAuditAndTheKeyboardCheckNameWhatAPageBreaks() {
        // given a page that breaks each rule
        browser.get("data:text/html;charset=utf-8,"
                + URLEncoder.encode(BROKEN, StandardCharsets.UTF_8).replace("+", "%20"));

        // when it is audited
        audit("broken");

        // then each rule names the element that breaks it
        assertThat(findings)
                .containsExactly(
                        "broken: html: no lang attribute",
                        "broken: page: 2 <h1> elements, not exactly one",
                        "broken: input#nameless: a form field without an accessible name (label, aria-label,"
                                + " aria-labelledby)",
                        "broken: a: a link without text or aria-label",
                        "broken: button: a button without text or aria-label",
                        "broken: img: an image without alt (alt=\"\" where it is decoration)",
                        "broken: svg: an svg without role=\"img\" and an aria-label/aria-labelledby, nor"
                                + " aria-hidden=\"true\"",
                        "broken: p.faint \"faint\": text contrast 2.32:1 (rgb(170, 170, 170) on rgb(255, 255, 255)),"
                                + " below 4.5:1",
                        "broken: a#first \"first\": focused without a visible focus indicator (outline or"
                                + " box-shadow)");
    }

    private void open(String page) {
        browser.get(console.toString() + page);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
    }

    /** Runs the audit on the page the browser shows, and TAB from the body; adds its findings, named {@code page}. */
    private void audit(String page) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<?> found = (List<?>) js.executeScript(AUDIT);
        // TAB from the body: focus the body (as nothing focused, whatever the page focused itself), press TAB once
        js.executeScript("if (document.activeElement) { document.activeElement.blur(); }"
                + " document.body.tabIndex = -1; document.body.focus();");
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        List<?> focus = (List<?>) js.executeScript(FOCUS);
        js.executeScript("document.body.removeAttribute('tabindex');");
        for (Object f : found) {
            findings.add(page + ": " + f);
        }
        for (Object f : focus) {
            findings.add(page + ": " + f);
        }
    }

    private static String resource(String name) {
        try (InputStream in = A11yBrowserTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
