package io.roller.server;

import io.roller.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The server's packages form no cycle, and only the top package wires them together. */
class ArchitectureTest {
  private final ArchitectureRules rules = new ArchitectureRules("io.roller.server");

  @Test
  void subPackagesFormNoCycle() {
    rules.subPackagesFormNoCycle();
  }

  @Test
  void noSubPackageDependsOnTheTopPackage() {
    rules.noSubPackageDependsOnTheTopPackage();
  }
}
