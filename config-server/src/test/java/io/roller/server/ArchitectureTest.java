package io.roller.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The server's packages form no cycle, and only the top package wires them together. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.roller.server");

  @Test
  void subPackagesFormNoCycle() {
    slices().matching("io.roller.server.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void noSubPackageDependsOnTheTopPackage() {
    noClasses()
        .that()
        .resideInAPackage("io.roller.server.*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.roller.server")
        .check(MAIN);
  }
}
