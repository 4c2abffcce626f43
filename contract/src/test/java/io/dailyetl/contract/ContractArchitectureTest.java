package io.dailyetl.contract;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The contract stays plain Java: checked by {@code ./mvnw verify}. */
class ContractArchitectureTest {

    @Test
    void contractDependsOnNothingButJavaAndJacksonAnnotations() {
        classes()
                .that()
                .resideInAPackage("io.dailyetl.contract..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.dailyetl.contract..", "com.fasterxml.jackson.annotation..")
                .because("both ends of every call and any outside client read the contract; it must not drag a "
                        + "framework (Quarkus, JAX-RS, Jackson's databind) into them")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.dailyetl.contract"));
    }
}
