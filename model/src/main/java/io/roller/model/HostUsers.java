package io.roller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The wire form of {@code GET /host/{h}/users}: the users foreman must true up on a host. Shared by
 * the server (which writes it) and foreman (which reads it).
 */
@JsonPropertyOrder({"hostname", "revision", "users", "skipped"})
public record HostUsers(
    String hostname, String revision, List<Account> users, List<Skipped> skipped) {

  /** One granted user. */
  @JsonPropertyOrder({"login", "uid", "comment", "shell", "groups", "ssh_keys", "dotfiles"})
  public record Account(
      String login,
      int uid,
      String comment,
      String shell,
      List<String> groups,
      @JsonProperty("ssh_keys") List<String> sshKeys,
      List<Dotfile> dotfiles) {}

  /** A file for the user's home; path relative to the home, mode as octal text, content base64. */
  public record Dotfile(
      String path, String mode, @JsonProperty("content_base64") String contentBase64) {}

  /** A users/ file that did not validate and was left out. */
  public record Skipped(String file, int line, String error) {}
}
