package io.roller.foreman;

import io.roller.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** foreman's packages form no cycle, and only the top package wires them together. */
class ArchitectureTest {
  private final ArchitectureRules rules = new ArchitectureRules("io.roller.foreman");

  @Test
  void subPackagesFormNoCycle() {
    rules.subPackagesFormNoCycle();
  }

  @Test
  void noSubPackageDependsOnTheTopPackage() {
    rules.noSubPackageDependsOnTheTopPackage();
  }
}
