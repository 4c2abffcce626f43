package io.dailyetl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real, headless Chromium for tests of the console: Debian's {@code chromium}, driven through
 * {@code /usr/bin/chromedriver} ({@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them).
 * Its waits say, on a timeout, where the browser was and what the page showed, and try again when the page replaced
 * an element they were reading.
 */
public final class Browser implements AutoCloseable {

    /** Where Debian's chromium-driver puts the driver. */
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final WebDriverWait wait;

    private Browser(WebDriver driver, Duration patience) {
        this.driver = driver;
        this.wait = new WebDriverWait(driver, patience) {
            @Override
            protected RuntimeException timeoutException(String message, Throwable lastException) {
                String page = driver.getPageSource();
                return new TimeoutException(
                        message + "\nat " + driver.getCurrentUrl() + ":\n"
                                + page.substring(Math.max(0, page.indexOf("<body"))),
                        lastException);
            }
        };
        // a page that updates itself (a running run's) may replace an element between finding and reading it
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /** Why no browser can be started here, or null when one can. */
    public static String missing() {
        return Files.isExecutable(CHROMEDRIVER)
                ? null
                : "no chromedriver at " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (as .ci/run does)";
    }

    /** A new headless browser window of {@code width} × {@code height} CSS pixels, whose waits last 15 s. */
    public static Browser open(int width, int height) {
        return open(width, height, Duration.ofSeconds(15));
    }

    /** As {@link #open(int, int)}, with waits of {@code patience}. */
    public static Browser open(int width, int height, Duration patience) {
        ChromeOptions options = new ChromeOptions();
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Browser(new ChromeDriver(service, options), patience);
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait await() {
        return wait;
    }

    /**
     * Logs in at the console on {@code console} through its login form as {@code user}, and waits until the form was
     * answered.
     */
    public void logIn(URI console, String user, String password) {
        driver.get(console.toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("j_username")));
        driver.findElement(By.id("j_username")).sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        wait.until(d -> !d.getCurrentUrl().endsWith("/j_security_check"));
    }

    /** Saves what the window shows as a PNG file, creating its folder. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
