package io.roller.roll.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Everything one roll needs to know, resolved from the command line, environment and roll.conf. */
public record RollOptions(
    URI server,
    String hostname,
    Path root,
    boolean failsafe,
    boolean dryRun,
    boolean force,
    Duration lockWait,
    Duration timeout,
    int attempts) {}
