package io.roller.roll.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's age and age-keygen, run as real processes (.ci/run installs them). */
final class AgeCli {
  private AgeCli() {}

  record Result(int code, byte[] out, String err) {
    String text() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  static Result run(byte[] stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
    p.getOutputStream().write(stdin);
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " did not finish");
    }
    return new Result(p.exitValue(), out, err);
  }

  /** age-keygen's identity file; returns the recipient. */
  static String keygen(Path file) throws IOException, InterruptedException {
    Result r = run(new byte[0], "age-keygen", "-o", file.toString());
    if (r.code() != 0) {
      throw new IOException("age-keygen: " + r.err());
    }
    return run(new byte[0], "age-keygen", "-y", file.toString()).text().strip();
  }

  static String encrypt(byte[] plain, String recipient) throws IOException, InterruptedException {
    Result r = run(plain, "age", "-a", "-r", recipient);
    if (r.code() != 0) {
      throw new IOException("age: " + r.err());
    }
    return r.text();
  }

  static Result decrypt(String armor, Path identity) throws IOException, InterruptedException {
    return run(armor.getBytes(StandardCharsets.US_ASCII), "age", "-d", "-i", identity.toString());
  }

  static String identityLine(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .filter(l -> l.startsWith("AGE-SECRET-KEY-"))
        .findFirst()
        .orElseThrow();
  }
}
