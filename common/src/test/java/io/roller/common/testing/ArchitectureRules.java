package io.roller.common.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The package rules of every Roller module: its sub-packages form no cycle, and none depends on the
 * top package, which only wires them together (Main, and the server's ConfigServer).
 */
public final class ArchitectureRules {
  private final String top;
  private final JavaClasses main;

  /** The main classes (not tests) under {@code top}, e.g. "io.roller.server". */
  public ArchitectureRules(String top) {
    this.top = top;
    this.main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(top);
  }

  public void subPackagesFormNoCycle() {
    slices().matching(top + ".(*)..").should().beFreeOfCycles().check(main);
  }

  public void noSubPackageDependsOnTheTopPackage() {
    noClasses()
        .that()
        .resideInAPackage(top + ".*..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(top)
        .check(main);
  }
}
