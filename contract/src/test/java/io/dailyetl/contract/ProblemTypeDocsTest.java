package io.dailyetl.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The problem types users read about are the ones the services answer with: docs/errors.md and the rest of docs/. */
class ProblemTypeDocsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern URN = Pattern.compile("urn:daily-etl:[a-z-]+");
    private static final Pattern ROW =
            Pattern.compile("^\\| (\\d{3}) \\| `(urn:daily-etl:[a-z-]+)`", Pattern.MULTILINE);

    @Test
    void errorsPageHasOneRowPerProblemTypeWithItsStatus() throws IOException {
        // given the errors page
        String page = Files.readString(ROOT.resolve("docs/errors.md"));

        // when its rows are read as status and type
        TreeMap<String, String> documented = new TreeMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            documented.merge(row.group(2), row.group(1), (a, b) -> a + "," + b);
        }

        // then every type is there once, with the status it is answered with, and no other
        TreeMap<String, String> answered = new TreeMap<>();
        for (ProblemType type : ProblemType.values()) {
            answered.put(type.uri(), Integer.toString(type.status()));
        }
        assertThat(documented).isEqualTo(answered);
    }

    @Test
    void docsAndReadmeNameOnlyProblemTypesThatExist() throws IOException {
        // given every page users read
        Set<String> named = new TreeSet<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path page : Stream.concat(docs, Stream.of(ROOT.resolve("README.md")))
                    .filter(p -> p.toString().endsWith(".md"))
                    .toList()) {
                Matcher urn = URN.matcher(Files.readString(page));
                while (urn.find()) {
                    named.add(urn.group());
                }
            }
        }

        // then each type they name is one the services answer with
        Set<String> known =
                Arrays.stream(ProblemType.values()).map(ProblemType::uri).collect(Collectors.toSet());
        assertThat(named).isNotEmpty().isSubsetOf(known);
    }
}
