package io.roller.roll.secret;

import com.exceptionfactory.jagged.FileKey;
import com.exceptionfactory.jagged.RecipientStanza;
import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import javax.crypto.spec.SecretKeySpec;

/**
 * age encryption through Jagged: X25519 keys and ASCII armor, interoperable with the age CLI.
 *
 * <p>age recipients are anonymous: nobody can tell from a ciphertext whom it was made for. So that
 * {@code roll validate} and {@code roll secret rekey} can, every secret roll encrypts also carries
 * a {@code roller-to} stanza listing its recipients (empty body, covered by the header MAC). age
 * and Jagged skip stanza types they do not know, so the file stays a plain age file.
 */
public final class Age {
  static final String STANZA = "roller-to";

  private Age() {}

  /** A new X25519 identity and its recipient. */
  public record Keys(String identity, String recipient) {}

  /** A secret's plaintext and the recipients its roller-to stanza names (null when it has none). */
  public record Opened(byte[] plaintext, List<String> recipients) {}

  /** A key, armor or ciphertext that age refuses; the message never holds plaintext. */
  public static final class AgeException extends Exception {
    AgeException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  public static Keys generate() {
    try {
      KeyPair kp = new X25519KeyPairGenerator().generateKeyPair();
      return new Keys(
          ascii(kp.getPrivate().getEncoded()).toUpperCase(Locale.ROOT),
          ascii(kp.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no X25519", e);
    }
  }

  /** The recipient ({@code age1...}) of an identity ({@code AGE-SECRET-KEY-1...}). */
  public static String recipientOf(String identity) throws AgeException {
    try {
      return ascii(
          new X25519KeyFactory()
              .translateKey(
                  new SecretKeySpec(identity.getBytes(StandardCharsets.US_ASCII), "X25519"))
              .getEncoded());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new AgeException("not an age X25519 identity", e);
    }
  }

  /** True when text is an X25519 recipient that age would accept. */
  public static boolean isRecipient(String text) {
    try {
      X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(text);
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Encrypts to every recipient; the armor ends with a newline, as age -a writes it. */
  public static String encrypt(byte[] plaintext, Collection<String> recipients)
      throws AgeException {
    TreeSet<String> to = new TreeSet<>(recipients);
    if (to.isEmpty()) {
      throw new AgeException("no recipients to encrypt to", null);
    }
    List<RecipientStanzaWriter> writers = new ArrayList<>();
    for (String r : to) {
      try {
        writers.add(X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(r));
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new AgeException("not an age X25519 recipient: " + printable(r), e);
      }
    }
    List<String> named = List.copyOf(to);
    writers.add(fileKey -> List.of(stanza(named)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (WritableByteChannel ch =
        new ArmoredEncryptingChannelFactory()
            .newEncryptingChannel(Channels.newChannel(out), writers)) {
      ch.write(ByteBuffer.wrap(plaintext));
    } catch (GeneralSecurityException | IOException e) {
      throw new AgeException("encryption failed: " + e.getMessage(), e);
    }
    String armor = out.toString(StandardCharsets.US_ASCII);
    return armor.endsWith("\n") ? armor : armor + "\n";
  }

  /** Decrypts with the first of the identities that matches a recipient of the file. */
  public static Opened open(String armor, List<String> identities) throws AgeException {
    return new Opener(identities).open(armor);
  }

  /**
   * Opens secrets with a fixed set of identities. Making an identity's reader costs an X25519
   * multiplication, so a host opening many secrets makes them once (one opener per thread: the
   * readers are not documented as thread-safe).
   */
  public static final class Opener {
    private final List<RecipientStanzaReader> readers = new ArrayList<>();

    public Opener(List<String> identities) throws AgeException {
      for (String id : identities) {
        try {
          readers.add(X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(id));
        } catch (GeneralSecurityException | RuntimeException e) {
          throw new AgeException("the identity is not an age X25519 identity", e);
        }
      }
    }

    public Opened open(String armor) throws AgeException {
      Recorder recorder = new Recorder(readers);
      try (ReadableByteChannel ch =
              new ArmoredDecryptingChannelFactory()
                  .newDecryptingChannel(channel(armor), List.of(recorder));
          InputStream in = Channels.newInputStream(ch)) {
        return new Opened(in.readAllBytes(), recorder.recipients);
      } catch (GeneralSecurityException e) {
        throw new AgeException(
            recorder.seen
                ? "no identity matches its recipients"
                : "not a valid age armor (" + e.getMessage() + ")",
            e);
      } catch (IOException | RuntimeException e) {
        throw new AgeException(
            (recorder.seen ? "corrupted or truncated ciphertext" : "not a valid age armor")
                + " ("
                + e.getMessage()
                + ")",
            e);
      }
    }
  }

  /**
   * The recipients a secret's roller-to stanza names, read from its header without decrypting; null
   * when it has no such stanza (made by the age CLI, say).
   */
  public static List<String> recipients(String armor) throws AgeException {
    Recorder recorder = new Recorder(List.of());
    try (ReadableByteChannel ch =
        new ArmoredDecryptingChannelFactory()
            .newDecryptingChannel(channel(armor), List.of(recorder))) {
      throw new AgeException("the header opened without a key", null);
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      if (!recorder.seen) {
        throw new AgeException("not a valid age armor (" + e.getMessage() + ")", e);
      }
      return recorder.recipients;
    }
  }

  private static ReadableByteChannel channel(String armor) {
    return Channels.newChannel(
        new ByteArrayInputStream(armor.strip().concat("\n").getBytes(StandardCharsets.US_ASCII)));
  }

  /** Notes the header's stanzas (so the recipients) before the real readers try them. */
  private static final class Recorder implements RecipientStanzaReader {
    private final List<RecipientStanzaReader> readers;
    boolean seen;
    List<String> recipients;

    Recorder(List<RecipientStanzaReader> readers) {
      this.readers = readers;
    }

    @Override
    public FileKey getFileKey(Iterable<RecipientStanza> stanzas) throws GeneralSecurityException {
      seen = true;
      for (RecipientStanza s : stanzas) {
        if (STANZA.equals(s.getType())) {
          recipients = List.copyOf(s.getArguments());
        }
      }
      GeneralSecurityException last = null;
      for (RecipientStanzaReader r : readers) {
        try {
          return r.getFileKey(stanzas);
        } catch (GeneralSecurityException e) {
          last = e;
        }
      }
      throw last != null ? last : new GeneralSecurityException("no identity given");
    }
  }

  private static RecipientStanza stanza(List<String> recipients) {
    return new RecipientStanza() {
      @Override
      public String getType() {
        return STANZA;
      }

      @Override
      public List<String> getArguments() {
        return recipients;
      }

      @Override
      public byte[] getBody() {
        return new byte[0];
      }
    };
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }

  static String printable(String s) {
    String t = s.replaceAll("[^\\x21-\\x7e]", "?");
    return t.length() > 80 ? t.substring(0, 80) + "..." : t;
  }
}
