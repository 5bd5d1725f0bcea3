import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Executors;

/**
 * hello-web: a tiny HTTP service for the Roller demo. Needs only a JVM with jdk.compiler and
 * jdk.httpserver (the java-runtime-17 package): run it in source-file mode, {@code java
 * HelloWeb.java <config file>}. GET / answers the configured greeting with the host it
 * was rendered for (not the revision: see docs/packages.md); GET /healthz answers "ok pid=<pid>",
 * so a check can tell this service from another process holding the port.
 */
public class HelloWeb {
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: java HelloWeb.java CONFIG");
      System.exit(2);
    }
    Properties conf = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of(args[0]), StandardCharsets.UTF_8)) {
      conf.load(r);
    }
    int port = Integer.parseInt(conf.getProperty("port", "8080").trim());
    String body =
        conf.getProperty("greeting", "Hello") + " (host " + conf.getProperty("hostname", "?") + ")\n";
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
    server.createContext("/", ex -> reply(ex, ex.getRequestURI().getPath().equals("/") ? 200 : 404,
        ex.getRequestURI().getPath().equals("/") ? body : "not found\n"));
    String health = "ok pid=" + ProcessHandle.current().pid() + "\n";
    server.createContext("/healthz", ex -> reply(ex, 200, health));
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("hello-web listening on port " + port);
  }

  private static void reply(HttpExchange ex, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
