package io.roller.roll.plan;

/** A cron entry of one package's manifest; user null means root. */
public record CronSpec(String pkg, String name, String schedule, String command, String user) {}
