package io.roller.foreman;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roller.foreman.apply.Executor;
import io.roller.foreman.fetch.UsersClient;
import io.roller.foreman.plan.Plan;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code foreman sync}: fetch the host's granted users, plan, print, apply. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Fetches GET /host/{hostname}/users and trues up this host: creates missing users and groups "
          + "(useradd/groupadd), updates comment, shell and groups (usermod), writes ~/.ssh/authorized_keys "
          + "and dotfiles, and locks users foreman created that are no longer granted (never deletes a home).",
      "Never touches root, a uid below 1000, or a user foreman did not create; says so on stderr."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done (refused users are reported on stderr)",
      "1:a step failed, or a bad answer or state",
      "2:usage error",
      "3:the config server cannot be reached or is unavailable; nothing changed",
      "4:another foreman sync is running; nothing changed"
    })
final class SyncCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "config server (default: $ROLLER_SERVER, else `server` in <root>/etc/roller/roll.conf)")
  String server;

  @Option(
      names = "--hostname",
      paramLabel = "NAME",
      description = "this host's name (default: the system's, as roll finds it)")
  String hostname;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      defaultValue = "/",
      description = "act on DIR/etc and homes under DIR (tools get --prefix DIR); default /")
  Path root;

  @Option(names = "--dry-run", description = "print the plan; change nothing")
  boolean dryRun;

  @Option(names = "--json", description = "print the plan and its outcome as JSON")
  boolean json;

  @Option(
      names = "--splay",
      paramLabel = "DURATION",
      defaultValue = "0",
      converter = Durations.class,
      description =
          "wait a random time up to DURATION first (e.g. 5m) so a fleet does not call the server at once")
  Duration splay;

  @Option(names = "--stacktrace", description = "print the stack trace of an error")
  boolean stacktrace;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path r = root.toAbsolutePath().normalize();
    String url = Settings.server(server, main.env(), r);
    String host = Settings.hostname(hostname, main.env(), r);
    if (!splay.isZero()) {
      Thread.sleep(ThreadLocalRandom.current().nextLong(splay.toMillis() + 1));
    }
    HostUsers want = new UsersClient(url).fetch(host);
    for (HostUsers.Skipped s :
        want.skipped() == null ? List.<HostUsers.Skipped>of() : want.skipped()) {
      err.println("foreman: server skipped " + s.file() + ":" + s.line() + ": " + s.error());
    }
    PrintWriter progress = json ? new PrintWriter(OutputStream.nullOutputStream()) : out;
    Sync.Outcome o =
        new Sync(r, dryRun)
            .run(want, plan -> show(plan, r, host, want.revision(), out, err), progress);
    o.result()
        .failures()
        .forEach(f -> err.println("foreman: failed: " + f.step().describe() + ": " + f.error()));
    if (!dryRun) {
      RunLog.append(r, host, want.revision(), o);
    }
    if (json) {
      // databind only here: it is slow to start, and the plain no-change sync should not pay for it
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(report(host, want, o.plan(), o.result())));
    }
    out.flush();
    err.flush();
    return o.result().failures().isEmpty() ? 0 : 1;
  }

  private void show(
      Plan plan, Path root, String host, String revision, PrintWriter out, PrintWriter err) {
    plan.refused().forEach(f -> err.println("foreman: " + f));
    MissingShells.warnings(root, plan).forEach(err::println);
    err.flush();
    // nothing to do prints nothing (cron mails any output); the run is still in foreman.log
    if (!json && (dryRun || !plan.isEmpty())) {
      out.println(
          host
              + " at revision "
              + revision
              + ": "
              + plan.steps().size()
              + " steps"
              + (dryRun ? " (dry run, nothing changed)" : ""));
      plan.steps().forEach(s -> out.println((dryRun ? "would " : "") + s.describe()));
      out.flush();
    }
  }

  private Map<String, Object> report(
      String host, HostUsers want, Plan plan, Executor.Result result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("hostname", host);
    m.put("revision", want.revision());
    m.put("dry_run", dryRun);
    List<Map<String, Object>> steps = new ArrayList<>();
    plan.steps().forEach(s -> steps.add(s.json()));
    m.put("steps", steps);
    List<Map<String, Object>> refused = new ArrayList<>();
    plan.refused().forEach(f -> refused.add(Map.of("login", f.login(), "reason", f.reason())));
    m.put("refused", refused);
    m.put("skipped", want.skipped() == null ? List.of() : want.skipped());
    m.put("applied", result.applied());
    List<Map<String, Object>> failed = new ArrayList<>();
    for (Executor.Failure f : result.failures()) {
      Map<String, Object> one = new LinkedHashMap<>(f.step().json());
      one.put("error", f.error());
      failed.add(one);
    }
    m.put("failed", failed);
    return m;
  }
}
