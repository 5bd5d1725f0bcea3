package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.ServerOptions;
import io.roller.server.testing.Http;
import io.roller.server.testing.RunningServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change that touches all of 10,000 hosts: one answer, grouped, and served again from cache. */
class ImpactLargeTest {
  @TempDir Path tmp;

  /** Writes a commit of {@code files} straight into the object database, then packs it. */
  static String commit(Repository r, ObjectId parent, Map<String, String> files) throws Exception {
    try (ObjectInserter ins = r.newObjectInserter()) {
      DirCache dc = DirCache.newInCore();
      DirCacheBuilder b = dc.builder();
      for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
        DirCacheEntry e = new DirCacheEntry(f.getKey());
        e.setFileMode(FileMode.REGULAR_FILE);
        e.setObjectId(
            ins.insert(Constants.OBJ_BLOB, f.getValue().getBytes(StandardCharsets.UTF_8)));
        b.add(e);
      }
      b.finish();
      CommitBuilder c = new CommitBuilder();
      c.setTreeId(dc.writeTree(ins));
      if (parent != null) {
        c.setParentId(parent);
      }
      PersonIdent who = new PersonIdent("Test", "test@example.com");
      c.setAuthor(who);
      c.setCommitter(who);
      c.setMessage("commit");
      ObjectId id = ins.insert(c);
      ins.flush();
      RefUpdate u = r.updateRef("refs/heads/main");
      u.setNewObjectId(id);
      u.forceUpdate();
      return id.name();
    }
  }

  @Test
  void aChangeToTenThousandHostsIsOneGroupedAnswer() throws Exception {
    Path dir = tmp.resolve("repo.git");
    Map<String, String> files = new HashMap<>();
    for (int c = 0; c < 4; c++) {
      files.put("colo/c" + c + ".yml", "params:\n  ntp: ntp" + c + "\n");
    }
    for (int h = 0; h < 10; h++) {
      files.put("hostclass/hc" + h + "/1.yml", "packages:\n  production: [app" + h + "-1]\n");
    }
    for (int i = 0; i < 10_000; i++) {
      files.put(
          "host/h" + i + ".c" + (i % 4) + ".yml",
          "colo: c" + (i % 4) + "\nhostclass: hc" + (i % 10) + "\nversion: 1\n");
    }
    String from;
    String to;
    try (Git git = Git.init().setBare(true).setDirectory(dir.toFile()).call()) {
      from = commit(git.getRepository(), null, files);
      for (int c = 0; c < 4; c++) {
        files.put("colo/c" + c + ".yml", "params:\n  ntp: ntp.example.com\n");
      }
      to = commit(git.getRepository(), ObjectId.fromString(from), files);
      git.gc().call();
    }
    try (RunningServer server =
        RunningServer.start(ServerOptions.forTest(dir, tmp.resolve("cache")))) {
      String q = "/impact?from=" + from + "&to=" + to + "&format=json";
      HttpResponse<String> r = server.get(q);
      assertEquals(200, r.statusCode(), r.body());
      JsonNode a = Http.json(r);
      assertEquals(10_000, a.get("totals").get("changed").asInt());
      // one group per colo (the old value differs), not one block per host
      assertEquals(4, a.get("changed").size());
      assertEquals(2_500, a.get("changed").get(0).get("count").asInt());
      assertEquals(2_500, a.get("by_colo").get("c0").get("changed").asInt());
      assertEquals(1_000, a.get("by_hostclass").get("hc3").get("changed").asInt());
      String etag = r.headers().firstValue("ETag").orElseThrow();
      HttpResponse<String> again = server.get(q);
      assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
      assertEquals(r.body(), again.body());
    }
  }
}
