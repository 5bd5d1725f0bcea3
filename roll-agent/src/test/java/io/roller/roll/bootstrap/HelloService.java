package io.roller.roll.bootstrap;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/** A package's service in BootstrapIT: answers GET / on 127.0.0.1:PORT with the bytes of FILE. */
public final class HelloService {
  private HelloService() {}

  public static void main(String... args) throws Exception {
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    HttpServer http =
        HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 16);
    http.createContext(
        "/",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    http.start();
  }
}
