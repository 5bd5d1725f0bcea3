package io.roller.server.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Readers keep getting whole answers, never older than one they saw, while commits land. */
class ConcurrentRefreshTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();

  @Test
  void readersNeverFailOrGoBackwardsDuringRefreshes() throws Exception {
    TestRepo repo = fleet.repo();
    RunningServer server = fleet.server();
    List<String> order = new ArrayList<>(List.of(repo.head()));
    AtomicBoolean done = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> readers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      readers.add(
          pool.submit(
              () -> {
                int seen = 0;
                int reads = 0;
                while (!done.get() || reads < 10) {
                  HttpResponse<String> r = server.get("/host/web01.nyc1/resolved");
                  String rev = r.headers().firstValue("X-Roller-Revision").orElse("?");
                  int at;
                  synchronized (order) {
                    at = order.indexOf(rev);
                  }
                  if (r.statusCode() != 200
                      || at < seen
                      || !r.body().contains("revision: " + rev)) {
                    problems.add(r.statusCode() + " " + rev + " after #" + seen);
                  }
                  seen = Math.max(seen, at);
                  reads++;
                }
                return reads;
              }));
    }
    for (int i = 0; i < 8; i++) {
      repo.write(
          "host/web01.nyc1.yml",
          "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: " + (2000 + i) + "\n");
      String c = repo.commit("heap " + i);
      synchronized (order) {
        order.add(c);
      }
      assertEquals(200, server.post("/refresh").statusCode());
    }
    done.set(true);
    for (Future<Integer> f : readers) {
      assertTrue(f.get() >= 10);
    }
    pool.shutdown();
    assertEquals(List.of(), List.copyOf(problems));
    assertTrue(server.get("/host/web01.nyc1/resolved").body().contains("heap_mb: 2007"));
  }

  @Test
  void aPollerThatStopsFinishingRoundsIsReportedStalled() throws Exception {
    RunningServer server = fleet.server();
    ViewStore store = server.server().views();
    java.time.Instant t0 = java.time.Instant.now();
    assertTrue(!store.pollStatus(t0.plusSeconds(3600)).stalled(), "nothing polls: never stalled");
    store.polling(java.time.Duration.ofSeconds(30));
    store.polled(t0, null);
    assertTrue(!store.pollStatus(t0.plusSeconds(95)).stalled(), "three rounds plus 10 s");
    assertTrue(store.pollStatus(t0.plusSeconds(101)).stalled());
    store.polled(t0.plusSeconds(100), "java.lang.OutOfMemoryError: Java heap space");
    ViewStore.PollStatus st = store.pollStatus(t0.plusSeconds(101));
    assertTrue(!st.stalled() && st.error().contains("OutOfMemoryError"), st.toString());
    store.polled(t0.minusSeconds(200), null);
    HttpResponse<String> h = server.getJson("/healthz");
    assertEquals(503, h.statusCode(), h.body());
    assertTrue(h.body().contains("\"status\":\"stalled\""), h.body());
  }
}
