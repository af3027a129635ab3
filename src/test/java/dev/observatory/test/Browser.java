package dev.observatory.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, both named explicitly so that Selenium
 * Manager never looks for a browser on the network; profile, caches and temp files under
 * target/browser. One per test class: {@link #close()} quits it.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private final ChromeDriver driver;

	private final String baseUrl;

	private Browser(ChromeDriver driver, String baseUrl) {
		this.driver = driver;
		this.baseUrl = baseUrl;
	}


	public static Browser open(String baseUrl) {
		try {
			Path root = Files.createDirectories(Path.of("target", "browser").toAbsolutePath());
			Path profile = Files.createTempDirectory(root, "profile-");
			System.setProperty("SE_OFFLINE", "true");
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
				.usingAnyFreePort()
				.withEnvironment(Map.of("TMPDIR", root.toString(), "XDG_CACHE_HOME", root.resolve("cache").toString(),
						"XDG_CONFIG_HOME", root.resolve("config").toString(), "SE_OFFLINE", "true"))
				.build();
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--window-size=1280,900", "--user-data-dir=" + profile);
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
			return new Browser(driver, baseUrl);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public ChromeDriver driver() {
		return this.driver;
	}

	public Browser go(String path) {
		this.driver.get(this.baseUrl + path);
		return this;
	}

	/** Waits (polling, with a deadline) until {@code condition} answers non-null/true, and returns its answer. */
	public <T> T await(Duration deadline, String what, Function<WebDriver, T> condition) {
		// Panels reload when the verdict changes: an element found a moment ago may be replaced, so look again.
		return new WebDriverWait(this.driver, deadline).withMessage(what)
			.ignoring(StaleElementReferenceException.class)
			.until(condition);
	}

	/** The element's text, looked up again if a live update replaced it meanwhile. */
	public String text(By by) {
		return await(Duration.ofSeconds(10), "the text of " + by, (driver) -> driver.findElement(by).getText());
	}

	/** Clicks the element, looked up again if a live update replaced it meanwhile. */
	public void click(By by) {
		await(Duration.ofSeconds(10), "a click on " + by, (driver) -> {
			driver.findElement(by).click();
			return true;
		});
	}

	public WebElement find(By by) {
		return this.driver.findElement(by);
	}

	public Object script(String script, Object... args) {
		return ((JavascriptExecutor) this.driver).executeScript(script, args);
	}

	/**
	 * Saves a screenshot as {@code <name>.png} when {@code -Dobservatory.screenshots=<dir>} is set (the
	 * documented command for docs/screenshots/); otherwise does nothing.
	 */
	public void screenshotIfAsked(String name) {
		String dir = System.getProperty("observatory.screenshots");
		if (dir == null || dir.isBlank()) {
			return;
		}
		try {
			Path target = Files.createDirectories(Path.of(dir)).resolve(name + ".png");
			Files.write(target, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
