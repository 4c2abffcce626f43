package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.docs.DocClaims;
import io.dailyetl.testing.docs.Docs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The docs cannot say what no test checks: every fenced block of README.md, docs/ and bench/README.md is an example
 * some test reads (with {@code Docs.example} and its id) or says why it is not executed, and every claim row (a status of
 * docs/http-api.md, a problem type of docs/errors.md, a troubleshooting row) is named by a test's
 * {@code @Documents}. The tests that read them compare the product's output with the text.
 */
class DocsCoverageTest {

    private static final Pattern DOCUMENTS = Pattern.compile("@Documents\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");
    private static final Pattern EXAMPLE = Pattern.compile("\\bexample\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)");

    private static final Set<String> documented = new TreeSet<>();
    private static final Set<String> examplesRead = new TreeSet<>();

    @BeforeAll
    static void readTestSources() throws IOException {
        try (Stream<Path> files = Files.walk(Docs.root(), 16)) {
            for (Path file : files.filter(DocsCoverageTest::isTestSource).toList()) {
                String source = Files.readString(file);
                collect(DOCUMENTS, source, documented);
                collect(EXAMPLE, source, examplesRead);
            }
        }
    }

    @Test
    void everyFencedBlockIsAnExampleATestReadsOrSaysWhyNot() {
        List<String> unmarked = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        for (Docs.Block block : Docs.blocks()) {
            if (block.markerKind() == null || block.markerValue().isBlank()) {
                unmarked.add(block.where());
            } else if (block.markerKind().equals("example")) {
                assertThat(ids.add(block.markerValue()))
                        .as("example id %s used twice (%s)", block.markerValue(), block.where())
                        .isTrue();
                if (!examplesRead.contains(block.markerValue())) {
                    unread.add(block.where() + " (" + block.markerValue() + ")");
                }
            }
        }
        assertThat(unmarked)
                .as("blocks without <!-- example: id --> or <!-- not executed: reason --> on the line before")
                .isEmpty();
        assertThat(unread).as("examples no test reads with Docs.example(id)").isEmpty();
        assertThat(ids).as("examples read by tests that no page has any more").containsAll(examplesRead);
    }

    @Test
    void everyClaimRowIsNamedByATest() {
        Map<String, String> claims = DocClaims.all();
        assertThat(claims).as("claim rows found in the docs").hasSizeGreaterThan(60);
        List<String> unproved = claims.keySet().stream()
                .filter(key -> !documented.contains(key))
                .toList();
        assertThat(unproved)
                .as("rows of docs/http-api.md, docs/errors.md and README's troubleshooting that no @Documents names")
                .isEmpty();
    }

    @Test
    void everyDocumentsNamesARowThatExists() {
        assertThat(documented)
                .as("@Documents keys that no row of the docs has (the docs changed; follow them)")
                .isSubsetOf(DocClaims.all().keySet());
    }

    private static boolean isTestSource(Path file) {
        String path = file.toString();
        return path.endsWith(".java") && path.contains("/src/test/java/") && !path.contains("/target/");
    }

    private static void collect(Pattern pattern, String source, Set<String> into) {
        Matcher m = pattern.matcher(source);
        while (m.find()) {
            into.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
    }
}
