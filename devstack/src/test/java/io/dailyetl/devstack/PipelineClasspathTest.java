package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * {@code ./pipeline demo | up} runs {@link Pipeline} with {@code devstack/target/lib/*} as its classpath, not
 * Maven's test classpath: every class the stack needs at run time must be in a jar there. (A test-scoped
 * declaration of the JDBC driver once kept it out, and the embedded PostgreSQL of the demo could not start.)
 */
class PipelineClasspathTest {

    @Test
    void theLibraryFolderHoldsWhatTheStackNeedsAtRunTime() throws IOException {
        // given the jars the build copied for ./pipeline
        Path lib = Path.of("target/lib");
        assertThat(lib).isDirectory();
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).toList();
        }

        // then each class the stack loads by itself or through its libraries is in one of them
        for (String type : List.of(
                "org/postgresql/Driver.class",
                "org/postgresql/ds/PGSimpleDataSource.class",
                "io/zonky/test/db/postgres/embedded/EmbeddedPostgres.class",
                "com/icegreen/greenmail/util/GreenMail.class",
                "io/dailyetl/testing/TestDatabase.class",
                "com/fasterxml/jackson/databind/ObjectMapper.class")) {
            assertThat(jars)
                    .as("a jar in %s with %s", lib, type)
                    .anySatisfy(jar -> assertThat(contains(jar, type)).isTrue());
        }
    }

    private static boolean contains(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(entry) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
