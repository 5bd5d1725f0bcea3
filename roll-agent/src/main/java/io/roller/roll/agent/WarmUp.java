package io.roller.roll.agent;

import io.roller.roll.core.Json;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.PackageIndex;
import io.roller.roll.plan.Plan;
import io.roller.roll.render.Renderer;
import io.roller.roll.report.RollReport;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * First use of Jackson's binding and of the template engine, on a second core while the main thread
 * is busy elsewhere: a cold JVM spends most of a short roll loading and interpreting library code
 * for the first time (picocli's model, Jackson's deserializers for the generation record), and two
 * cores can do two of those at once. Each warm-up runs at most once per JVM, in a daemon thread.
 */
public final class WarmUp {
  private static final AtomicBoolean JSON = new AtomicBoolean();
  private static final AtomicBoolean RENDERER = new AtomicBoolean();

  private WarmUp() {}

  /** What every roll reads and writes: the current record (its head first) and the report. */
  public static void json() {
    start(JSON, "roll-warm-up-json", WarmUp::bindJson);
  }

  /** What a roll that plans needs besides: templates and package indexes. */
  static void renderer() {
    start(RENDERER, "roll-warm-up-render", WarmUp::render);
  }

  private static void bindJson() throws IOException {
    String record = "{\"generation\":0,\"packages\":[],\"files\":[],\"services\":[]}";
    Json.MAPPER.readValue(record, GenerationRecord.Head.class);
    List<String> none = List.of();
    Json.line(
        new RollReport(
            "h", "r", "c", "1", 0, false, false, none, Plan.Changes.NONE, none, Map.of()));
    Json.MAPPER.writerFor(io.roller.model.Report.class); // builds the report's serializer
    Json.MAPPER.readValue(record, GenerationRecord.class);
  }

  private static void render() throws IOException {
    Renderer.render(
        "warm-up", "warm-up", "{{ roller.x }}", Renderer.context(Map.of(), Map.of("x", 1)));
    Json.MAPPER.readValue("{\"entries\":[]}", PackageIndex.class);
  }

  private interface Work {
    void run() throws IOException;
  }

  private static void start(AtomicBoolean once, String name, Work work) {
    if (!once.compareAndSet(false, true)) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (IOException | RuntimeException e) {
                // only a warm-up: the real use reports its own errors
              }
            },
            name);
    t.setDaemon(true);
    t.start();
  }
}
