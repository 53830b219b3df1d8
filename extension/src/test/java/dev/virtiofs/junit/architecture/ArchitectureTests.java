package dev.virtiofs.junit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the extension, checked on every build: the API is {@code dev.virtiofs.junit}
 * alone, everything else is under {@code internal}, and the internal packages form a tree of
 * dependencies, never a cycle (a rule several parts share lives in a leaf they all use); no source
 * file is over 300 lines.
 */
class ArchitectureTests {

  private static final String API = "dev.virtiofs.junit";
  private static final String INTERNAL = "dev.virtiofs.junit.internal..";

  private static final int MAX_LINES = 300;

  private static JavaClasses extension;

  @BeforeAll
  static void importTheExtension() {
    extension = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(API);
  }

  @Test
  void noCycleBetweenInternalPackages() {
    slices().matching("dev.virtiofs.junit.internal.(*)..")
        .should().beFreeOfCycles()
        .because("a rule several parts need lives in a leaf package they all use (see ARCHITECTURE.md)")
        .check(extension);
  }

  @Test
  void publicTypesAreTheApiOrInternal() {
    classes().that().haveModifier(JavaModifier.PUBLIC)
        .and().areTopLevelClasses()
        .should().resideInAPackage(API)
        .orShould().resideInAPackage(INTERNAL)
        .because("only dev.virtiofs.junit is API; every other public type is under internal,"
            + " which module-info.java does not export")
        .check(extension);
  }

  @Test
  void theApiPackageHoldsNoPublicTypeThatNamesAnInternalOne() {
    classes().that().resideInAPackage(API).and().haveModifier(JavaModifier.PUBLIC)
        .should().onlyDependOnClassesThat().resideOutsideOfPackage(INTERNAL)
        .because("a public API type that names an internal one would leak it into the javadoc"
            + " and the users' code")
        .check(extension);
  }

  @Test
  void noSourceFileOverThreeHundredLines() throws IOException {
    Path sources = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      List<String> tooLong = files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> lines(f) > MAX_LINES)
          .map(f -> sources.relativize(f) + " (" + lines(f) + " lines)")
          .toList();
      assertThat(tooLong).as("files over %d lines: split them by what they do", MAX_LINES).isEmpty();
    }
  }

  private static long lines(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
