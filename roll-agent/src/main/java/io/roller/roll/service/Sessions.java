package io.roller.roll.service;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kills every process of a session (Linux /proc): what a service command left behind after its
 * shell was killed, which {@link Process#destroyForcibly} alone would orphan.
 */
final class Sessions {
  private Sessions() {}

  /** SIGKILLs each process whose session id is {@code sid} until none is left; how many died. */
  static int kill(long sid) {
    if (sid <= 1) {
      return 0;
    }
    int killed = 0;
    // a process may fork while we kill: go round until the session is empty (bounded)
    for (int round = 0; round < 20; round++) {
      List<Long> members = members(sid);
      if (members.isEmpty()) {
        break;
      }
      for (long pid : members) {
        if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
          killed++;
        }
      }
      try {
        // not onExit(): a killed process nobody reaps stays a zombie, which counts as alive there
        Thread.sleep(Math.min(200, 10L << round));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return killed;
  }

  /** The live processes of a session, read from /proc/PID/stat (field 6, after the comm). */
  static List<Long> members(long sid) {
    List<Long> out = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        try {
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // f[0] state, f[1] ppid, f[2] pgrp, f[3] session
          long pid = Long.parseLong(p.getFileName().toString());
          if (!f[0].equals("Z") && Long.parseLong(f[3]) == sid && pid != self) {
            out.add(pid);
          }
        } catch (IOException | RuntimeException e) {
          // gone while we looked
        }
      }
    } catch (IOException e) {
      // no /proc: nothing more than destroyForcibly can be done
    }
    return out;
  }
}
