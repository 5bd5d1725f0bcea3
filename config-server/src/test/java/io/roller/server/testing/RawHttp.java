package io.roller.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP by hand over a socket to 127.0.0.1, for what java.net.http will not send or read: a Host
 * header of the test's choosing, a response's exact bytes, a client that reads or sends slowly.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * {@code GET path} with {@code Host: host}, then {@code headerLines} ("Name: value") and {@code
   * Connection: close}; answers the whole response as sent (status line, headers, body).
   */
  public static String get(int port, String path, String host, String... headerLines) {
    StringBuilder request =
        new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String h : headerLines) {
      request.append(h).append("\r\n");
    }
    request.append("Connection: close\r\n\r\n");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A client on a slow link (a small receive buffer, so the server's writes block soon) that has
   * sent {@code request}; the caller trickles or reads at its pace, and closes it.
   */
  public static Socket slowClient(int port, String request) throws IOException {
    Socket s = new Socket();
    try {
      s.setReceiveBufferSize(2048);
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /** The rest of what the server sends on {@code s} until it closes (at most 10 s apart). */
  public static String answer(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
