package io.dailyetl.testing.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's own pages (README.md, docs/*.md, bench/README.md) as tests read them: every fenced block with the
 * marker before it, and a block by its example id, so a test compares what the product prints with what a user
 * reads, and a change in behaviour fails the build until the page follows.
 *
 * <p>Every fenced block is preceded by one marker line: {@code <!-- example: some-id -->} (a test reads the block
 * with {@link #example(String)} and runs or compares it) or {@code <!-- not executed: the reason -->}.
 */
public final class Docs {

    private static final Pattern FENCE = Pattern.compile("^(\\s*)```(\\S*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(example|not executed):\\s*(.*?)\\s*-->\\s*$");

    private Docs() {}

    /** A fenced block: where it is, its language, the marker before it (or none) and its lines, unindented. */
    public record Block(String page, int line, String language, String markerKind, String markerValue, String text) {

        /** Where a person finds it: {@code README.md:30}. */
        public String where() {
            return page + ":" + line;
        }
    }

    /** The repository's root: the nearest directory up from the working directory that holds mvnw and docs/. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no repository root (mvnw and docs/) above " + Path.of("").toAbsolutePath());
    }

    /** The pages users read, relative to the root: README.md, every docs/*.md and bench/README.md. */
    public static List<String> pages() {
        List<String> pages = new ArrayList<>(List.of("README.md"));
        try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
            docs.map(p -> "docs/" + p.getFileName())
                    .filter(p -> p.endsWith(".md"))
                    .sorted()
                    .forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pages.add("bench/README.md");
        return pages;
    }

    /** A page's text. */
    public static String page(String relative) {
        try {
            return Files.readString(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every fenced block of every page. */
    public static List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (String page : pages()) {
            blocks.addAll(blocks(page));
        }
        return blocks;
    }

    /** The fenced blocks of one page. */
    public static List<Block> blocks(String page) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = page(page).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            StringBuilder text = new StringBuilder();
            int end = i + 1;
            while (end < lines.length && !lines[end].strip().equals("```")) {
                String line = lines[end];
                text.append(line.startsWith(indent) ? line.substring(indent.length()) : line.strip())
                        .append('\n');
                end++;
            }
            if (end == lines.length) {
                throw new IllegalStateException(page + ":" + (i + 1) + ": a fenced block that is never closed");
            }
            Matcher marker = i > 0 ? MARKER.matcher(lines[i - 1]) : null;
            boolean marked = marker != null && marker.matches();
            blocks.add(new Block(
                    page,
                    i + 1,
                    open.group(2),
                    marked ? marker.group(1) : null,
                    marked ? marker.group(2) : null,
                    text.toString()));
            i = end;
        }
        return blocks;
    }

    /** The text of the block marked {@code <!-- example: id -->}; fails unless exactly one block carries it. */
    public static String example(String id) {
        List<Block> found = blocks().stream()
                .filter(b -> "example".equals(b.markerKind()) && id.equals(b.markerValue()))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one block marked <!-- example: " + id + " --> in the docs, found "
                    + found.stream().map(Block::where).toList());
        }
        return found.get(0).text();
    }

    /**
     * The index of the first line of {@code actual} the docs' lines do not match, or -1 if both have the same lines
     * in the same order, where {@code …} in the docs stands for any text within a line (an id, a time, a path).
     */
    public static int firstMismatch(String docText, String actual) {
        List<String> doc = lines(docText);
        List<String> got = lines(actual);
        for (int i = 0; i < Math.max(doc.size(), got.size()); i++) {
            if (i >= doc.size() || i >= got.size() || !lineMatches(doc.get(i), got.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Whether one line of the docs (with {@code …} as a wildcard) matches one printed line. */
    public static boolean lineMatches(String docLine, String actualLine) {
        return pattern(docLine).matcher(actualLine.strip()).matches();
    }

    /** Whether {@code actual} contains the docs' fragment (with {@code …} as a wildcard). */
    public static boolean contains(String actual, String docFragment) {
        StringBuilder regex = new StringBuilder("(?s).*");
        regex.append(wildcards(docFragment.strip())).append(".*");
        return Pattern.compile(regex.toString()).matcher(actual).matches();
    }

    /** A docs line as a pattern: literal text, {@code …} any text. */
    public static Pattern pattern(String docLine) {
        return Pattern.compile(wildcards(docLine.strip()));
    }

    private static String wildcards(String text) {
        StringBuilder regex = new StringBuilder();
        String[] parts = text.split("…", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*?");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return regex.toString();
    }

    private static List<String> lines(String text) {
        return text.strip().lines().map(String::strip).toList();
    }
}
