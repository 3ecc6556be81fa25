package dev.referly.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.referly.analytics.EventFilter;
import dev.referly.shared.ApiNamedEnum;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logic that used to exist in several copies stays in one place. */
class SharedLogicRulesTest {
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.referly");
    }

    /** The status enums spell, read and parse their names through one helper. */
    @Test
    void statusEnumsShareTheirNaming() {
        classes().that().areEnums().and().haveSimpleNameEndingWith("Status")
                .should().implement(ApiNamedEnum.class)
                .check(classes);
    }

    /** The link filters become SQL in one place, whichever read side filters events. */
    @Test
    void linkFiltersBecomeSqlInOnePlace() {
        for (String linkFilter : new String[] {"domain", "key", "externalId", "tenantId", "partnerId"}) {
            noClasses().that().resideInAPackage("dev.referly.analytics..")
                    .and().doNotHaveSimpleName("EventFilterSql").and().doNotHaveSimpleName("EventFilter")
                    .should().callMethod(EventFilter.class, linkFilter)
                    .check(classes);
        }
    }
}
