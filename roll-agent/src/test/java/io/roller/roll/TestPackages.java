package io.roller.roll;

import io.roller.model.pkg.Tarballs;

/**
 * Test packages: tiny shell-script services that record every start and stop in {@code
 * <root>/events}.
 */
public final class TestPackages {
  private TestPackages() {}

  /**
   * A service package: {@code bin/<name>} daemonizes a sleep (pid in {@code <root>/var/run}) on
   * start, kills it on stop, and its check passes while that pid lives and {@code etc/<name>.conf}
   * exists.
   */
  public static Tarballs service(String name, String extraCheck) {
    String script =
        """
        #!/bin/sh
        run="$ROLLER_ROOT/var/run"; mkdir -p "$run"
        pidf="$run/NAME.pid"
        case "$1" in
        start)
          echo "start NAME gen=$ROLLER_GENERATION" >> "$ROLLER_ROOT/events"
          sleep 120 > /dev/null 2>&1 &
          echo $! > "$pidf" ;;
        stop)
          echo "stop NAME gen=$ROLLER_GENERATION" >> "$ROLLER_ROOT/events"
          if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null; rm -f "$pidf"; fi ;;
        status)
          [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null && EXTRA ;;
        esac
        """
            .replace("NAME", name)
            .replace("EXTRA", extraCheck == null ? "true" : extraCheck);
    return Tarballs.create()
        .dir("bin")
        .file("bin/" + name, script.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0755)
        .manifest(
            """
            services:
              - name: NAME
                start: bin/NAME start
                stop: bin/NAME stop
                check: bin/NAME status
                timeout: 3s
            """
                .replace("NAME", name));
  }

  public static Tarballs service(String name) {
    return service(name, null);
  }

  /** {@link #service} that also renders {@code etc/<name>.conf} from the {@code port} param. */
  public static Tarballs serviceWithPort(String name, String extraCheck) {
    return service(name, extraCheck)
        .dir("etc")
        .file("etc/" + name + ".conf.tmpl", "port={{ port }}\n");
  }
}
