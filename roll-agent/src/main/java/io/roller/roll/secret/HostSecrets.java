package io.roller.roll.secret;

import io.roller.common.Parallel;
import io.roller.model.ResolvedHost;
import io.roller.model.Secret;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Decrypts a host's secret params with its identity, before anything is built or stopped, so a
 * secret the host cannot read fails the roll naming the param and the file that defines it.
 */
public final class HostSecrets {
  private HostSecrets() {}

  /** Decryption under way on other threads, so it overlaps the package downloads. */
  public static final class Pending {
    private final CompletableFuture<Map<String, String>> future;
    private volatile long millis;

    private Pending(ResolvedHost host, Path root) {
      future =
          CompletableFuture.supplyAsync(
              () -> {
                long t0 = System.nanoTime();
                try {
                  return decrypt(host, root);
                } finally {
                  millis = (System.nanoTime() - t0) / 1_000_000;
                }
              },
              r -> daemon(r, "roll-decrypt").start());
    }

    /** Param name to plaintext; throws the decryption's RollException. */
    public Map<String, String> join() {
      try {
        return future.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RollException r) {
          throw r;
        }
        throw new RollException("decrypting secrets failed: " + e.getCause().getClass().getName());
      }
    }

    /** How long decrypting took, once {@link #join} returned. */
    public long millis() {
      return millis;
    }
  }

  /** Starts decrypting the view's secret params; {@link Pending#join} before planning. */
  public static Pending start(ResolvedHost host, Path root) {
    return new Pending(host, root);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

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
    List<Map.Entry<String, String>> all = new ArrayList<>(armors.entrySet());
    // X25519 per secret: on a host with many, each core takes a share, with its own opener
    int workers = Math.min(all.size(), Math.max(1, Runtime.getRuntime().availableProcessors()));
    List<List<Map.Entry<String, String>>> shares = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      List<Map.Entry<String, String>> share = new ArrayList<>();
      for (int i = w; i < all.size(); i += workers) {
        share.add(all.get(i));
      }
      shares.add(share);
    }
    Map<String, String> out = new TreeMap<>();
    try {
      for (Map<String, String> got :
          Parallel.map(
              shares,
              workers,
              "roll-decrypt",
              share -> {
                Age.Opener opener = opener(id);
                Map<String, String> opened = new TreeMap<>();
                for (Map.Entry<String, String> e : share) {
                  opened.put(e.getKey(), open(host, id, opener, e.getKey(), e.getValue()));
                }
                return opened;
              })) {
        out.putAll(got);
      }
    } catch (IOException e) {
      throw new RollException("decrypting secrets failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while decrypting secrets");
    }
    return out;
  }

  private static Age.Opener opener(Identity id) {
    try {
      return new Age.Opener(id.keys());
    } catch (Age.AgeException e) {
      throw new RollException("age identity " + id.file() + " holds a malformed key");
    }
  }

  private static String open(
      ResolvedHost host, Identity id, Age.Opener opener, String param, String armor) {
    byte[] plain;
    try {
      plain = opener.open(armor).plaintext();
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
