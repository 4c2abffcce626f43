package io.dailyetl.testing;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape every service keeps, checked by {@code ./mvnw verify}: each service's {@code ArchitectureTest} extends
 * this with its root package. Each rule says why in its {@code because}; a broken rule names the classes at fault.
 */
public abstract class ServiceArchitecture {

    /** The root package of every service module; none may reach into another's. */
    public static final List<String> SERVICES = List.of(
            "io.dailyetl.warehouse",
            "io.dailyetl.ingest",
            "io.dailyetl.report",
            "io.dailyetl.console",
            "io.dailyetl.demo");

    /** The shared modules every service builds on; they know no service. */
    public static final List<String> SHARED =
            List.of("io.dailyetl.contract", "io.dailyetl.common", "io.dailyetl.warehouseclient");

    private static final String[] HTTP_SERVER_TYPES = {
        "jakarta.ws.rs..",
        "org.jboss.resteasy..",
        "io.quarkus.resteasy..",
        "io.vertx.ext.web..",
        "io.quarkus.vertx.http.."
    };

    private static JavaClasses classes;

    private final String root;

    protected ServiceArchitecture(String root) {
        this.root = root;
    }

    /** The main classes of this service and the shared modules on its class path (tests left out). */
    protected static synchronized JavaClasses mainClasses() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.dailyetl");
        }
        return classes;
    }

    private String pkg(String sub) {
        return root + "." + sub + "..";
    }

    @Test
    void onlyRestTouchesJaxRsAndHttpServerTypes() {
        noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackage(pkg("rest"))
                .and()
                .resideOutsideOfPackage(pkg("client"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(HTTP_SERVER_TYPES)
                .because("HTTP is the edge: business code must stay callable from a scheduler, a test or another "
                        + "transport, and one package decides what the API answers (a service's client package "
                        + "describes the HTTP APIs of the pipeline's other services it calls)")
                .check(mainClasses());
    }

    @Test
    void businessCodeThrowsNoHttpProblems() {
        noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackage(pkg("rest"))
                .should()
                .dependOnClassesThat(describe(
                        "are problem+json types (Problem, ProblemException, ProblemMappers)",
                        (JavaClass c) -> c.getPackageName().equals("io.dailyetl.common")
                                && c.getSimpleName().startsWith("Problem")))
                .because("business exceptions say what happened; only rest maps them to an HTTP status and a problem "
                        + "type, so the same failure answers the same way on every path")
                .check(mainClasses());
    }

    @Test
    void reachesIntoNoOtherService() {
        String[] others = SERVICES.stream()
                .filter(s -> !s.equals(root))
                .map(s -> s + "..")
                .toArray(String[]::new);
        noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(others)
                .because("services are deployed, scaled and released on their own; they meet only over HTTP through "
                        + "the contract")
                .check(mainClasses());
    }

    @Test
    void sharedModulesKnowNoService() {
        noClasses()
                .that()
                .resideInAnyPackage(SHARED.stream().map(s -> s + "..").toArray(String[]::new))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(SERVICES.stream().map(s -> s + "..").toArray(String[]::new))
                .because("a shared module that reaches into a service ties every other service to it")
                .allowEmptyShould(true)
                .check(mainClasses());
    }

    @Test
    void warehouseIsReachedOnlyThroughWarehouseClient() {
        noClasses()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .resideOutsideOfPackage(pkg("client"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.eclipse.microprofile.rest.client..", "io.quarkus.rest.client..")
                .because("warehouse-client owns the warehouse's REST clients, their timeouts, retries and the one "
                        + "decision of what is transient; a second client would decide differently (a service's client "
                        + "package holds only its clients of the pipeline's other services: the console's of ingest and "
                        + "report)")
                .check(mainClasses());
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(root + ".(*)..")
                .should()
                .beFreeOfCycles()
                .because("a package is a capability that can be read, tested and moved on its own; a cycle makes "
                        + "two packages one")
                .check(mainClasses());
    }

    @Test
    void resourcesDoNotTouchTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage(pkg("rest"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("javax.sql..", "io.agroal..", "io.quarkus.hibernate.orm.panache..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("jakarta.persistence.EntityManager")
                .because("resources translate HTTP; the rules and the SQL live in the services, where the other "
                        + "callers (schedulers, warm-ups, tests) use them too")
                .allowEmptyShould(true)
                .check(mainClasses());
    }

    @Test
    void logsThroughQuarkusLog() {
        noClasses()
                .that()
                .resideInAPackage(root + "..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.slf4j..", "java.util.logging..", "org.apache.logging..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("org.jboss.logging.Logger")
                .orShould()
                .accessField(System.class, "out")
                .orShould()
                .accessField(System.class, "err")
                .because("one logger (io.quarkus.logging.Log) keeps every line in the service's format, with its "
                        + "trace ids and its control-character filter")
                .check(mainClasses());
    }

    @Test
    void configurationIsReadThroughConfigMappings() {
        classes()
                .that()
                .resideInAPackage(root + "..")
                .and()
                .areAnnotatedWith("io.smallrye.config.ConfigMapping")
                .should()
                .resideInAPackage(pkg("config"))
                .because("one place per service lists every key with its default and Javadoc")
                .allowEmptyShould(true)
                .check(mainClasses());
    }
}
