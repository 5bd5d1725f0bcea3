package io.roller.server.views;

/** A host using a hostclass or a package, with the version it uses. */
public record HostVersion(String hostname, String version) {}
