package io.roller.roll.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.Names;
import io.roller.model.PackageRef;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code roll package DIR --name N --version V [-o FILE] [--json]}: build and validate a package.
 */
@Command(
    name = "package",
    description =
        "Build a reproducible package (.tar.gz) from DIR (paths relative to /usr/local) and validate it.",
    versionProvider = io.roller.roll.core.RollVersion.class,
    sortOptions = false)
public final class PackageCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "Directory whose content becomes /usr/local.")
  Path dir;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "N",
      description = "Package name, [a-z0-9][a-z0-9._-]*.")
  String name;

  @Option(
      names = "--version",
      required = true,
      paramLabel = "V",
      description = "Package version, [0-9A-Za-z._+~]+.")
  String version;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Where to write (default: ./N-V.tar.gz).")
  Path output;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  // --version is the package's; -V alone prints roll's, as on every other command.
  @Option(names = "-V", versionHelp = true, description = "Print roll's version and exit.")
  boolean versionHelp;

  @Override
  public Integer call() throws Exception {
    if (!Names.isName(name)) {
      throw new ParameterException(
          spec.commandLine(), "bad --name '" + name + "': want [a-z0-9][a-z0-9._-]*");
    }
    if (!Names.isVersion(version)) {
      throw new ParameterException(
          spec.commandLine(), "bad --version '" + version + "': want [0-9A-Za-z._+~]+");
    }
    PackageRef ref = new PackageRef(name, version);
    Path out = output != null ? output : Path.of(ref.fileName());
    PackageBuilder.Built b = PackageBuilder.build(dir, out);
    for (String path : b.stripped()) {
      spec.commandLine()
          .getErr()
          .println(
              "roll: warning: dropped the setuid/setgid bit of "
                  + path
                  + " (roll refuses packages that carry one)");
    }
    spec.commandLine().getErr().flush();
    PrintWriter w = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      m.put("version", version);
      m.put("path", b.file().toString());
      m.put("size", b.size());
      m.put("sha256", b.sha256());
      m.put("services", b.manifest().services().stream().map(s -> s.name()).toList());
      m.put("cron", b.manifest().cron().stream().map(c -> c.name()).toList());
      w.println(new ObjectMapper().writeValueAsString(m));
    } else {
      w.println(b.file() + " " + b.size() + " bytes sha256 " + b.sha256());
    }
    w.flush();
    return 0;
  }
}
