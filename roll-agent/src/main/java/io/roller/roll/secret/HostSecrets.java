package io.roller.roll.secret;

import io.roller.model.ResolvedHost;
import io.roller.model.Secret;
import io.roller.roll.RollException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decrypts a host's secret params with its identity, before anything is built or stopped, so a
 * secret the host cannot read fails the roll naming the param and the file that defines it.
 */
public final class HostSecrets {
  private HostSecrets() {}

  /**
   * Param name to plaintext for every secret param of the view; empty (and no identity read) when
   * it has none.
   */
  public static Map<String, String> decrypt(ResolvedHost host, Path root) {
    Map<String, String> armors = new TreeMap<>();
    host.params()
        .forEach(
            (k, v) -> {
              if (Secret.isView(v)) {
                String armor = host.secrets().get(((Map<?, ?>) v).get(Secret.VIEW_KEY));
                if (armor == null) {
                  throw new RollException(
                      "secret param '"
                          + k
                          + "' ("
                          + definedIn(host, k)
                          + "): the server's view carries no ciphertext for it");
                }
                armors.put(k, armor);
              }
            });
    if (armors.isEmpty()) {
      return Map.of();
    }
    Identity id = Identity.load(Identity.hostFile(root));
    Map<String, String> out = new TreeMap<>();
    // X25519 per secret: on a host with many, the second core halves a cold roll's wait
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(armors.size(), Math.max(1, Runtime.getRuntime().availableProcessors())));
    try {
      List<Map.Entry<String, Future<String>>> jobs = new ArrayList<>();
      for (Map.Entry<String, String> e : armors.entrySet()) {
        Callable<String> job = () -> open(host, id, e.getKey(), e.getValue());
        jobs.add(Map.entry(e.getKey(), pool.submit(job)));
      }
      for (Map.Entry<String, Future<String>> j : jobs) {
        out.put(j.getKey(), j.getValue().get());
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RollException r) {
        throw r;
      }
      throw new RollException("decrypting secrets failed: " + e.getCause().getClass().getName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while decrypting secrets");
    } finally {
      pool.shutdownNow();
    }
    return out;
  }

  private static String open(ResolvedHost host, Identity id, String param, String armor) {
    byte[] plain;
    try {
      plain = Age.open(armor, id.keys()).plaintext();
    } catch (Age.AgeException e) {
      throw new RollException(
          "cannot decrypt secret param '"
              + param
              + "' defined in "
              + definedIn(host, param)
              + " with "
              + id.file()
              + " (recipient "
              + id.recipient()
              + "): "
              + e.getMessage()
              + "; add this host's recipient to secrets.yml and run roll secret rekey");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(plain))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RollException(
          "secret param '" + param + "' (" + definedIn(host, param) + ") is not UTF-8 text");
    }
  }

  /** The repo file a merged param comes from, by its origin. */
  static String definedIn(ResolvedHost host, String param) {
    String origin = host.paramOrigins() == null ? null : host.paramOrigins().get(param);
    if (origin == null) {
      return "an unknown file";
    }
    return switch (origin) {
      case "colo" -> "colo/" + host.colo() + ".yml";
      case "hostclass" -> "hostclass/" + host.hostclass() + "/" + host.version() + ".yml";
      default -> "host/" + host.hostname() + ".yml";
    };
  }
}
