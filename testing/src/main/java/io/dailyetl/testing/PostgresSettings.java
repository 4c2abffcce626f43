package io.dailyetl.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The PostgreSQL settings the project recommends, read from {@code deploy/postgres/recommended.conf}: the bench
 * starts its server with them, and the deployment tests check that Compose and Kubernetes pass the same ones.
 */
public final class PostgresSettings {

    /** Where the recommended settings live, relative to the repository's root. */
    public static final String RECOMMENDED = "deploy/postgres/recommended.conf";

    private PostgresSettings() {}

    /** The recommended settings, name to value, in the file's order. */
    public static Map<String, String> recommended(Path repositoryRoot) {
        Path file = repositoryRoot.resolve(RECOMMENDED);
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code name = value} lines (postgresql.conf syntax, without quoting); {@code #} starts a comment. */
    static Map<String, String> parse(String conf) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : conf.split("\n")) {
            int hash = line.indexOf('#');
            String content = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (content.isEmpty()) {
                continue;
            }
            int eq = content.indexOf('=');
            if (eq <= 0 || content.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException("not a 'name = value' setting: " + line);
            }
            settings.put(
                    content.substring(0, eq).strip(), content.substring(eq + 1).strip());
        }
        return settings;
    }
}
