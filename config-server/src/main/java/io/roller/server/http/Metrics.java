package io.roller.server.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.roller.server.packages.S3Health;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Prometheus metrics: requests by route, method and status with latency; the served revision; hosts
 * indexed; remote fetch and S3 health; the JVM's and the process's own.
 */
public final class Metrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final MultiGauge revision;
  private final ViewStore store;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private volatile String shownRevision;

  public Metrics(ViewStore store) {
    this(store, Optional::empty);
  }

  /** With the package store's S3 health: {@code roller_s3_up} and its failed calls. */
  public Metrics(ViewStore store, Supplier<Optional<S3Health>> s3) {
    this.store = store;
    // The JVM and process metrics every Java service exports (heap, GC, threads, classes, CPU,
    // open files, uptime), under Micrometer's usual names (jvm_*, process_*, system_*).
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    if (s3.get().isPresent()) {
      Gauge.builder("roller_s3_up", s3, h -> h.get().map(x -> x.up() ? 1 : 0).orElse(0))
          .description("1 when the package bucket answers (probed at most every few seconds)")
          .register(registry);
      FunctionCounter.builder(
              "roller_s3_failures", s3, h -> h.get().map(S3Health::failures).orElse(0L))
          .description("Failed calls to the package bucket")
          .register(registry);
    }
    Gauge.builder("roller_hosts_indexed", store, s -> s.current().hostCount())
        .description("Host files at the served revision")
        .register(registry);
    Gauge.builder(
            "roller_revision_timestamp_seconds",
            store,
            s -> s.current().snapshot().time().getEpochSecond())
        .description("Commit time of the served revision")
        .register(registry);
    Gauge.builder(
            "roller_invalid_files", store, s -> s.current().snapshot().config().fileErrors().size())
        .description("Repo files that do not validate at the served revision")
        .register(registry);
    Gauge.builder("roller_remote_up", store, s -> s.remoteStatus().error() == null ? 1 : 0)
        .description("1 when the last fetch of the remote succeeded (always 1 for a local repo)")
        .register(registry);
    FunctionCounter.builder("roller_remote_fetch_failures", store, s -> s.remoteStatus().failures())
        .description("Failed fetches of the remote")
        .register(registry);
    revision =
        MultiGauge.builder("roller_revision_info")
            .description("The served revision (value 1)")
            .register(registry);
  }

  /** Registers a gauge read at each scrape (the fleet's hosts per state). */
  public void gauge(
      String name, String description, Tags tags, java.util.function.Supplier<Number> value) {
    Gauge.builder(name, value).description(description).tags(tags).register(registry);
  }

  /** Records one request; called once per request after it is answered. */
  public void record(String route, String method, int status, float millis) {
    timer(route, method, status).record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** The timer {@link #record} uses for a route, method and status (to hold on a hot path). */
  Timer timer(String route, String method, int status) {
    String key = method + ' ' + route + ' ' + status;
    Timer t = timers.get(key);
    if (t == null) {
      t =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("roller_http_requests")
                      .description("HTTP requests by route, method and status")
                      .tags(
                          Tags.of(
                              "route", route, "method", method, "status", Integer.toString(status)))
                      .register(registry));
    }
    return t;
  }

  /** The Prometheus text exposition. */
  String scrape() {
    RepoView v = store.current();
    if (!v.revision().equals(shownRevision)) {
      revision.register(
          List.of(
              MultiGauge.Row.of(Tags.of("revision", v.revision(), "branch", store.branch()), 1)),
          true);
      shownRevision = v.revision();
    }
    return registry.scrape();
  }

  /** Stops listening to the JVM's GC notifications. */
  @Override
  public void close() {
    gc.close();
  }
}
