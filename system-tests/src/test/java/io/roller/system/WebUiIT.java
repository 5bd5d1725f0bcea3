package io.roller.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web UI in a real browser: headless chromium opens the pages of a server on the example fleet
 * and follows the links a person would, from the fleet to a host, a file, a commit and its impact.
 */
class WebUiIT {
  private static final Path TOP = Path.of("..").toAbsolutePath().normalize();

  /** Where the screenshots for docs/ land (copied there by hand after a look). */
  private static final Path SHOTS = TOP.resolve("system-tests/target/screenshots");

  @TempDir Path tmp;
  TestRepo repo;
  RunningServer server;
  ChromeDriver browser;

  @BeforeEach
  void start() {
    browser = Browser.start();
    repo = TestRepo.copyOf(TOP.resolve("config-repo"), tmp.resolve("repo"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (server != null) {
      server.close();
    }
    if (repo != null) {
      repo.close();
    }
  }

  private void serve() {
    server = RunningServer.start(repo);
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private void shot(String name) throws Exception {
    Files.createDirectories(SHOTS);
    Files.write(SHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void anOperatorFollowsAChangeFromTheFleetToAHostItsFileTheCommitAndItsImpact() throws Exception {
    repo.write(
        "host/web01.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n"
            + "  greeting: Hello from web01, the canary\n  heap_mb: 4096\n");
    String commit = repo.commit("web01.nyc1: 4 GB heap for the canary");
    serve();

    browser.get(server.url() + "/ui/");
    assertEquals("hosts · roller", browser.getTitle());
    assertTrue(text("h1").startsWith("Hosts"), text("h1"));
    shot("web-ui-fleet.png");

    browser.findElement(By.linkText("web01.nyc1")).click();
    assertEquals("web01.nyc1", text("h1"));
    WebElement heap = browser.findElement(By.xpath("//table[@class='params']//tr[td='heap_mb']"));
    assertTrue(heap.getText().contains("4096"), heap.getText());
    assertTrue(heap.getText().contains("host/web01.nyc1.yml"), heap.getText());
    assertTrue(text("article.change h3").contains("4 GB heap for the canary"));
    shot("web-ui-host.png");

    heap.findElement(By.linkText("host/web01.nyc1.yml")).click();
    assertEquals("host/web01.nyc1.yml", text("h1"));
    assertTrue(text("pre.file").contains("heap_mb: 4096"), text("pre.file"));

    browser.findElement(By.partialLinkText(commit.substring(0, 12))).click();
    assertTrue(text("pre.message").contains("4 GB heap for the canary"));
    assertTrue(text("span.add").length() > 0);
    assertTrue(browser.getPageSource().contains("+  heap_mb: 4096"));

    browser.findElement(By.linkText("impact")).click();
    assertTrue(text("h1").startsWith("Impact"), text("h1"));
    assertTrue(text("p.totals").startsWith("1 changed"), text("p.totals"));
    assertTrue(text("section.group").contains("web01.nyc1"));
    assertTrue(text("section.group").contains("param heap_mb"), text("section.group"));

    // every page of the nav and catalog opens without an error
    for (String p :
        new String[] {"/ui/log", "/ui/hostclass/web", "/ui/colo/nyc1", "/ui/package/hello-web"}) {
      browser.get(server.url() + p);
      assertFalse(browser.getTitle().startsWith("not found"), p);
      assertTrue(browser.findElements(By.cssSelector("main h1")).size() == 1, p);
    }
  }

  @Test
  void aScriptInAParamValueOrACommitMessageIsShownAndNotRun() {
    String payload = "<script>document.title='pwned';alert(1)</script>";
    repo.write(
        "host/web03.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  motd: \"" + payload + "\"\n");
    repo.commit(payload + " <img src=x onerror=alert(2)> motd for web03");
    serve();

    browser.get(server.url() + "/ui/host/web03.nyc1");
    assertEquals("web03.nyc1 · roller", browser.getTitle());
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    WebElement motd = browser.findElement(By.xpath("//table[@class='params']//tr[td='motd']"));
    assertTrue(motd.getText().contains(payload), motd.getText());
    assertTrue(
        text("article.change h3").contains(payload + " <img src=x"), text("article.change h3"));
    assertTrue(browser.findElements(By.tagName("script")).isEmpty());
    assertTrue(browser.findElements(By.cssSelector("img")).isEmpty());

    browser.get(server.url() + "/ui/log");
    assertEquals("log · roller", browser.getTitle());
    assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    assertTrue(text("table.log tbody tr").contains(payload));
  }
}
