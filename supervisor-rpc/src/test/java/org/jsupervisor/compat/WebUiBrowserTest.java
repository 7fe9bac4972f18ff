package org.jsupervisor.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Our daemon's web page in a real browser (Debian's headless chromium, driven through its own
 * chromedriver: nothing is downloaded), served under {@code /supervisor/} by a reverse proxy
 * that strips that prefix: its stylesheet loads, "Stop" stops the program and the browser stays
 * under the prefix, "Tail -f Stderr" shows the program's stderr, and an action sent by another
 * site is refused.
 */
class WebUiBrowserTest {
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path dir;
  private final DaemonProcesses daemons = new DaemonProcesses();
  private final WebPages web = WebPages.client();
  private PathPrefixProxy proxy;
  private WebDriver browser;

  @AfterEach
  void stopAll() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    if (proxy != null) {
      proxy.close();
    }
    daemons.close();
  }

  private String startDaemon() throws Exception {
    Path socket = dir.resolve("s.sock");
    Path conf = dir.resolve("supervisord.conf");
    int port = WebPages.freePort();
    Files.writeString(conf, String.join("\n",
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "[unix_http_server]",
        "file=" + socket,
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "[program:web]", "command=sleep 1000", "startsecs=0",
        "[program:noisy]", "command=/bin/sh -c \"echo said-on-stderr >&2; exec sleep 1000\"",
        "startsecs=0",
        ""));
    Process daemon = daemons.startOurs(dir, conf);
    DaemonProcesses.awaitSocket(socket, daemon, dir.resolve("jsupervisord.out"));
    return "http://127.0.0.1:" + port;
  }

  private WebDriver startBrowser() {
    // Missing is a failure, never a skip: scripts/test installs them.
    assertTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
        "chromium and chromium-driver are not installed; scripts/test installs them");
    var service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    var options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // A fresh profile that does no background work: nothing to fetch, less to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--user-data-dir=" + dir.resolve("chromium"),
        "--no-first-run", "--no-default-browser-check", "--disable-extensions",
        "--disable-background-networking", "--disable-component-update", "--disable-sync");
    // A log tail never finishes loading: every wait below is on a condition of its own.
    options.setPageLoadStrategy(PageLoadStrategy.NONE);
    return new ChromeDriver(service, options);
  }

  private <T> T await(Function<WebDriver, T> condition) {
    try {
      // The page may be replaced between finding an element and reading it: try again.
      return new WebDriverWait(browser, Duration.ofSeconds(60), Duration.ofMillis(100))
          .ignoring(StaleElementReferenceException.class).ignoring(JavascriptException.class)
          .until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("timed out at " + browser.getCurrentUrl() + " showing\n"
          + browser.getPageSource(), e);
    }
  }

  /** The state cell of a program's row, or "" while the page is not there yet. */
  private String state(String name) {
    var cells = browser.findElements(By.xpath("//tr[td/a[text()='" + name + "']]/td[1]"));
    return cells.isEmpty() ? "" : cells.get(0).getText();
  }

  @Test
  void behindAPathPrefixStopWorksAndStderrCanBeFollowed() throws Exception {
    String daemon = startDaemon();
    proxy = new PathPrefixProxy(URI.create(daemon));
    browser = startBrowser();
    String page = proxy.base();

    browser.get(page);
    await(d -> state("web").equals("RUNNING") && state("noisy").equals("RUNNING"));
    await(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
        "return document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 0"));

    browser.findElement(By.xpath("//tr[td/a[text()='web']]//a[text()='Stop']")).click();
    await(d -> d.getCurrentUrl().contains("?message=") && state("web").equals("STOPPED"));
    assertTrue(browser.getCurrentUrl().startsWith(page + "?message="), browser.getCurrentUrl());
    assertEquals("Process web stopped", browser.findElement(By.id("message")).getText());
    assertEquals("RUNNING", state("noisy"));

    // Another site's link, as a browser would send it: refused, nothing stops.
    var forged = web.get(page + "index.html?processname=noisy&action=stop",
        "Referer", "http://evil.example/");
    assertEquals(403, forged.statusCode(), forged.body());
    assertEquals("RUNNING", WebPages.rows(web.get(page).body()).get("noisy").state());

    String statusWindow = browser.getWindowHandle();
    browser.findElement(By.xpath("//tr[td/a[text()='noisy']]//a[text()='Tail -f Stderr']"))
        .click();
    String tailWindow = await(d -> d.getWindowHandles().stream()
        .filter(h -> !h.equals(statusWindow)).findFirst().orElse(null));
    browser.switchTo().window(tailWindow);
    await(d -> d.getCurrentUrl().equals(page + "logtail/noisy/stderr")
        && d.findElements(By.tagName("body")).stream()
            .anyMatch(b -> b.getText().contains("said-on-stderr")));
  }
}
