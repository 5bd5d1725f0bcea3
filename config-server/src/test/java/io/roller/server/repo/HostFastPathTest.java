package io.roller.server.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.roller.model.RepoFile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HostFastPathTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aValidHostFileParsesToWhatTheModelParses() {
    String text = "# web\ncolo: nyc1\nhostclass: web\n\nversion: 2\nparams:\n  heap_mb: 4096\n  colo: not-top-level\n";
    RepoFile.HostFile fast = (RepoFile.HostFile) HostFastPath.parse("host/web01.nyc1.yml", b(text));
    RepoFile.HostFile model = (RepoFile.HostFile) RepoFile.parse("host/web01.nyc1.yml", b(text), false);
    assertEquals(model.host(), fast.host());
    for (String key : new String[] {"colo", "hostclass", "version"}) {
      assertEquals(model.keyLines().get(key), fast.keyLines().get(key), key);
    }
  }

  @Test
  void anythingUnusualFallsBackToTheModel() {
    assertNull(HostFastPath.parse("host/web01.nyc1.yml", b("{colo: nyc1, hostclass: web, version: 2}")));
    assertNull(HostFastPath.parse("host/web01.nyc1.yml", b("colo: nyc1\nhostclass: web\nversion: [\n")));
    assertNull(HostFastPath.parse("host/web01.nyc1.yml", b("colo: nyc1\nhostclass: web\nversion: 2\nbogus: 1\n")));
    assertNull(HostFastPath.parse("host/x/web01.nyc1.yml", b("colo: nyc1\nhostclass: web\nversion: 2\n")));
    assertNull(HostFastPath.parse("host/web01.nyc1.yml", b("colo:\n  nyc1\nhostclass: web\nversion: 2\n")));
    assertNull(HostFastPath.parse("host/web01.nyc1.yml", new byte[] {(byte) 0xff, 'a'}));
  }
}
