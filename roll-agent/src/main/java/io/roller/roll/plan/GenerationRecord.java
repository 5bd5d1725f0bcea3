package io.roller.roll.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * A generation's record under /var/lib/roller: what it was built from (revision, hostclass, params,
 * packages), its inventory of files, the text of its rendered templates, its services and cron
 * file, and a fingerprint of its content. {@code files} is null for generation 0 (an adopted
 * /usr/local). {@code desired} is the desired-state id the generation was built or last refreshed
 * for (null in records written before it was kept), so a rollback can report it.
 */
public record GenerationRecord(
    int generation,
    String hostname,
    String colo,
    String hostclass,
    String version,
    String revision,
    boolean failsafe,
    List<Pin> packages,
    Map<String, Object> params,
    List<FileEntry> files,
    Map<String, String> rendered,
    List<ServiceSpec> services,
    String cron,
    String fingerprint,
    String builtAt,
    List<String> secretFiles,
    String desired,
    @JsonIgnore Map<String, String> sealed) {

  /**
   * {@code secretFiles}: rendered paths that hold a secret; their text is never in {@code
   * rendered}. {@code sealed}: that text, in memory for the build only, never written to disk.
   */
  public GenerationRecord(
      int generation,
      String hostname,
      String colo,
      String hostclass,
      String version,
      String revision,
      boolean failsafe,
      List<Pin> packages,
      Map<String, Object> params,
      List<FileEntry> files,
      Map<String, String> rendered,
      List<ServiceSpec> services,
      String cron,
      String fingerprint,
      String builtAt) {
    this(
        generation,
        hostname,
        colo,
        hostclass,
        version,
        revision,
        failsafe,
        packages,
        params,
        files,
        rendered,
        services,
        cron,
        fingerprint,
        builtAt,
        null,
        null,
        null);
  }

  public GenerationRecord {
    secretFiles = secretFiles == null ? List.of() : secretFiles;
  }

  /**
   * What a roll that changes nothing reads of the current record: no file list, no rendered text,
   * whose binding was most of a no-op roll's read of a record of many files.
   */
  public record Head(
      int generation,
      String hostname,
      String hostclass,
      String version,
      String revision,
      List<Pin> packages,
      List<ServiceSpec> services) {}

  /**
   * The record of a host's original /usr/local, adopted as generation 0: no packages, no services.
   */
  public static GenerationRecord adopted(String builtAt) {
    return new GenerationRecord(
        0, null, null, null, null, null, false, List.of(), Map.of(), null, Map.of(), List.of(), "",
        "adopted", builtAt);
  }

  public GenerationRecord withMeta(
      String hostname,
      String colo,
      String hostclass,
      String version,
      String revision,
      String desired,
      Map<String, Object> params) {
    return new GenerationRecord(
        generation,
        hostname,
        colo,
        hostclass,
        version,
        revision,
        failsafe,
        packages,
        params,
        files,
        rendered,
        services,
        cron,
        fingerprint,
        builtAt,
        secretFiles,
        desired,
        sealed);
  }
}
