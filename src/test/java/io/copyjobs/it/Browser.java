package io.copyjobs.it;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * Debian's headless chromium, driven through chromedriver, for the console's tests; a test that
 * needs one is skipped (a JUnit assumption) where either is not installed. Waits re-find their
 * elements, since the console redraws its tables as jobs change.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A busy 2-core machine runs a node, a broker and a browser: generous, and only ever a bound. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    final WebDriver driver;

    private Browser(WebDriver driver) {
        this.driver = driver;
    }

    /** Skips the calling test unless chromium and chromedriver are installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver");
    }

    /** A fresh browser with a profile of its own, in a window of {@code width} by {@code height}. */
    static Browser start(int width, int height) {
        assumeInstalled();
        try {
            Path profile = Files.createTempDirectory("copyjobs-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            // The machine's network is closed: nothing of chromium's own may try to go out.
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
            return new Browser(new ChromeDriver(service, options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code condition} gives a value that is neither null nor false, and gives it. */
    <T> T until(Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class)
                    .ignoring(ElementNotInteractableException.class).until(condition);
        } catch (TimeoutException e) {
            // What the page said is what explains a wait that failed.
            throw new AssertionError("waited " + PATIENCE.toSeconds() + " s in vain at " + driver.getCurrentUrl()
                    + "; the page shows:\n" + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    /** Waits for the element {@code css} finds, and gives it. */
    WebElement find(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().findFirst().orElse(null));
    }

    /** Waits until the element {@code css} finds has a text that contains {@code text}. */
    void awaitText(String css, String text) {
        until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(text)));
    }

    /** Clicks the element {@code css} finds, finding it again if the page redrew it meanwhile. */
    void click(String css) {
        until(d -> {
            d.findElement(By.cssSelector(css)).click();
            return true;
        });
    }

    void type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
    }

    Object script(String js) {
        return ((ChromeDriver) driver).executeScript(js);
    }

    @Override
    public void close() {
        driver.quit();
    }
}
