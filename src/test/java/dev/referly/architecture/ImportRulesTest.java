package dev.referly.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of ARCHITECTURE.md, enforced. */
class ImportRulesTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.referly");
    }

    @Test
    void sharedUsesOnlyTheJdk() {
        noClasses().that().resideInAPackage("dev.referly.shared..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "dev.referly.shared..")
                .check(classes);
    }

    @Test
    void featuresNeverImportTheEdges() {
        noClasses().that().resideOutsideOfPackages("dev.referly.http..", "dev.referly.cli..", "dev.referly",
                        "dev.referly.integrations..", "dev.referly.dashboard..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.referly.http..", "dev.referly.dashboard..",
                        "dev.referly.integrations..")
                .check(classes);
    }

    /** Integrations (Stripe) build on the features, never on the HTTP edge or the dashboards. */
    @Test
    void integrationsUseFeaturesNotTheEdges() {
        noClasses().that().resideInAPackage("dev.referly.integrations..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.referly.http..", "dev.referly.dashboard..")
                .check(classes);
    }

    @Test
    void nothingImportsTheCliOrTheApp() {
        noClasses().that().resideOutsideOfPackage("dev.referly.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.referly.cli..")
                .check(classes);
        noClasses().that().resideOutsideOfPackages("dev.referly.cli..", "dev.referly")
                .should().dependOnClassesThat().haveFullyQualifiedName("dev.referly.App")
                .check(classes);
    }

    @Test
    void pureCoresDoNoIo() {
        noClasses().that().resideInAnyPackage("dev.referly.attribution..", "dev.referly.rewards..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "java.net..", "java.io..",
                        "org.jdbi..", "io.helidon..", "dev.referly.storage..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void featuresFormNoCycles() {
        slices().matching("dev.referly.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * The rule above merges a package with its sub-packages, so a cycle between, say, {@code http}
     * and {@code http.front} goes unseen; here every package is a slice of its own.
     */
    @Test
    void packagesFormNoCyclesWithTheirSubPackages() {
        slices().matching("dev.referly.(**)").should().beFreeOfCycles().check(classes);
    }

    /** Helidon is the edge's business: the features, and the redirect shared with the NIO front, stay free of it. */
    @Test
    void helidonOnlyAtTheEdges() {
        noClasses().that().resideOutsideOfPackages("dev.referly.http..", "dev.referly.dashboard..",
                        "dev.referly.embed..")
                .should().dependOnClassesThat().resideInAPackage("io.helidon..")
                .check(classes);
    }

    /** The short-link path answers for both HTTP servers, so it may depend on neither. */
    @Test
    void theRedirectKnowsNoHttpServer() {
        noClasses().that().resideInAPackage("dev.referly.redirect..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.referly.http..", "io.helidon..")
                .check(classes);
    }
}
