package io.roller.roll.plan;

import java.util.List;
import java.util.Map;

/**
 * What a verified tarball holds, read once and cached beside it: every entry (with content
 * digests), the text of its templates, and its manifest. Lets the planner work without touching
 * tarballs.
 */
public record PackageIndex(
    String name,
    String version,
    String sha256,
    List<FileEntry> entries,
    Map<String, String> templates,
    List<ServiceSpec> services,
    List<CronSpec> cron) {

  public String ref() {
    return name + "-" + version;
  }
}
