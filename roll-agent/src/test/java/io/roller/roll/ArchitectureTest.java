package io.roller.roll;

import io.roller.common.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** The roll agent's packages form no cycle, and only the top package wires them together. */
class ArchitectureTest {
  private final ArchitectureRules rules = new ArchitectureRules("io.roller.roll");

  @Test
  void subPackagesFormNoCycle() {
    rules.subPackagesFormNoCycle();
  }

  @Test
  void noSubPackageDependsOnTheTopPackage() {
    rules.noSubPackageDependsOnTheTopPackage();
  }
}
