package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollConfTest {
  @TempDir Path root;

  @Test
  void theServerComesFromTheOptionThenTheEnvironmentThenRollConf() throws IOException {
    Files.createDirectories(root.resolve("etc/roller"));
    Files.writeString(
        root.resolve("etc/roller/roll.conf"), "server = http://conf:8080\nhostname = web01.nyc1\n");
    RollConf conf = RollConf.read(root);
    Map<String, String> env = Map.of("ROLLER_SERVER", " http://env:8080 ");

    assertEquals(Optional.of("http://opt:8080"), conf.server("http://opt:8080", env));
    assertEquals(Optional.of("http://env:8080"), conf.server(null, env));
    assertEquals(Optional.of("http://conf:8080"), conf.server(" ", Map.of()));
    assertEquals(Optional.of("web01.nyc1"), conf.hostname(null, Map.of()));
    assertEquals(Optional.of("db01.sfo1"), conf.hostname("db01.sfo1", Map.of()));
  }

  @Test
  void noFileMeansNoServerAndAHintNamingWhereToPutOne() {
    RollConf conf = RollConf.read(root);
    assertEquals(Optional.empty(), conf.server(null, Map.of()));
    assertEquals(
        "give --server URL, set ROLLER_SERVER, or put `server = URL` in "
            + root.resolve("etc/roller/roll.conf"),
        conf.noServerHint());
  }
}
