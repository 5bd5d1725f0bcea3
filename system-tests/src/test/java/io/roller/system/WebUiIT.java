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

  /** POSTs a report as roll sends it after a roll; {@code desired} null: the one served now. */
  private void report(String host, String outcome, String desired, long ms) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var resolved = json.readTree(server.getJson("/host/" + host + "/resolved").body());
    var r = json.createObjectNode();
    r.put("hostname", host);
    r.put("time", java.time.Instant.now().toString());
    r.put("outcome", outcome);
    r.put("revision", resolved.get("revision").asText());
    r.put("desired", desired != null ? desired : resolved.get("desired").asText());
    r.put("hostclass", resolved.get("hostclass").asText());
    r.put("version", resolved.get("version").asText());
    r.put("generation", 2);
    r.put("duration_ms", ms);
    if (outcome.equals("failed")) {
      r.put("failed_step", "start");
      r.put("reason", "hello-web did not answer on its port");
    }
    r.put("roll_version", "roll 1.0.0");
    var p =
        server.send(
            "POST",
            "/host/" + host + "/report",
            java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(r)),
            "Content-Type",
            "application/json");
    assertEquals(201, p.statusCode(), p.body());
  }

  @Test
  void anOperatorFollowsAChangeFromTheFleetToAHostItsFileTheCommitAndItsImpact() throws Exception {
    repo.write(
        "host/web01.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n"
            + "  greeting: Hello from web01, the canary\n  heap_mb: 4096\n");
    String commit = repo.commit("web01.nyc1: 4 GB heap for the canary");
    serve();
    // what rolls report: most hosts converged, one failed, one on an older desired state
    for (String h : new String[] {"web01.nyc1", "web02.nyc1", "db01.nyc1", "cache01.nyc1"}) {
      report(h, "converged", null, 2100);
    }
    report("web01.sjc1", "failed", null, 3400);
    report("web03.nyc1", "unchanged", "0".repeat(64), 800);

    browser.get(server.url() + "/ui/");
    assertEquals("fleet · roller", browser.getTitle());
    assertTrue(text("h1").startsWith("Fleet"), text("h1"));
    assertTrue(text("p.counts-bar").contains("4 converged"), text("p.counts-bar"));
    assertTrue(text("p.counts-bar").contains("1 failed"), text("p.counts-bar"));
    assertTrue(text("p.counts-bar").contains("1 behind"), text("p.counts-bar"));
    assertEquals(
        "failed",
        browser
            .findElement(By.xpath("//tr[td/a='web01.sjc1']//span[contains(@class,'state')]"))
            .getText());
    shot("web-ui-fleet.png");

    // the state filter is a plain GET form: pick "failed" and submit
    browser.findElement(By.xpath("//select[@name='state']/option[.='failed']")).click();
    browser.findElement(By.cssSelector("form.filters button")).click();
    assertTrue(browser.getCurrentUrl().contains("state=failed"), browser.getCurrentUrl());
    assertEquals(1, browser.findElements(By.cssSelector("table.hosts tbody tr")).size());
    browser.get(server.url() + "/ui/");

    browser.findElement(By.linkText("web01.nyc1")).click();
    assertEquals("web01.nyc1 converged", text("h1"));
    WebElement heap = browser.findElement(By.xpath("//table[@class='params']//tr[td='heap_mb']"));
    assertTrue(heap.getText().contains("4096"), heap.getText());
    assertTrue(heap.getText().contains("host/web01.nyc1.yml"), heap.getText());
    assertTrue(text("article.change h3").contains("4 GB heap for the canary"));
    assertTrue(text("table.reports tbody").contains("converged"), text("table.reports tbody"));
    assertTrue(text("table.reports tbody").contains("2100 ms"), text("table.reports tbody"));
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
