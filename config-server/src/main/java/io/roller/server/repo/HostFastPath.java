package io.roller.server.repo;

import io.roller.model.Host;
import io.roller.model.RepoFile;
import io.roller.model.ValidationException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses a valid block-style host file with one YAML pass instead of two: {@link RepoFile#parse}
 * composes a host file twice (once for the host, once for its key lines), and host files are 90% of
 * a fleet's repo, so cold start and refresh spend half their time there. The key lines come from a
 * text scan instead. Anything unusual (an error, flow style) returns null and takes the model's path,
 * so errors stay exactly the model's.
 */
final class HostFastPath {
  private HostFastPath() {}

  static RepoFile parse(String path, byte[] content) {
    if (!path.startsWith("host/") || !path.endsWith(".yml") || path.indexOf('/', 5) >= 0) {
      return null;
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
    Map<String, Integer> lines = topLevelKeyLines(text);
    if (!lines.containsKey("colo") || !lines.containsKey("hostclass") || !lines.containsKey("version")) {
      return null;
    }
    String hostname = path.substring(5, path.length() - 4);
    try {
      Host host = Host.parse(path, hostname, text);
      return new RepoFile.HostFile(path, hostname, host, Map.copyOf(lines), null);
    } catch (ValidationException e) {
      return null;
    }
  }

  /**
   * 1-based line of each unindented {@code key: value} line with its value on the same line (where
   * the model's key lines also point; only colo, hostclass and version are used).
   */
  static Map<String, Integer> topLevelKeyLines(String text) {
    Map<String, Integer> lines = new HashMap<>();
    int line = 1;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      int i = start;
      while (i < end && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
        i++;
      }
      if (i > start && i < end && text.charAt(i) == ':' && !text.substring(i + 1, end).isBlank()) {
        lines.putIfAbsent(text.substring(start, i), line);
      }
      line++;
      start = end + 1;
    }
    return lines;
  }
}
