package io.dailyetl.ingest.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The sources this ingest pulls: each of {@code ingest.sources."<name>".*}, or, when there is none, today's single
 * source {@code ingest.source.*} under the name {@code ingest.load.source}, so that no existing deployment has to
 * change. Checked as a whole: every problem is named by its key ({@code ingest.sources.payments.url: required …}) in one
 * {@link ConfigurationException}, before anything starts.
 */
public final class SourceCatalog {

    /** A source's name: it is also its name at the warehouse (loads, runs, watermark, checks, notifications). */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /**
     * One source, resolved: {@code prefix} is where its keys are ({@code ingest.source} or {@code
     * ingest.sources.<name>}), {@code url} its first page, {@code zone} and {@code schedule} with the deployment's
     * defaults applied, {@code auth} how its requests are authenticated.
     */
    public record SourceSettings(
            String name,
            String prefix,
            URI url,
            IngestConfig.Source source,
            IngestConfig.Fields fields,
            ZoneId zone,
            String schedule,
            SourceAuth auth) {}

    /** The scheduler's own reading of a cron (Quarkus' scheduler parses Quartz expressions with cron-utils). */
    private static final CronParser QUARTZ =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    private SourceCatalog() {}

    /** The sources of {@code config}, by name; a {@link ConfigurationException} naming every key at fault. */
    public static List<SourceSettings> of(IngestConfig config) {
        List<String> problems = new ArrayList<>();
        List<SourceSettings> sources = new ArrayList<>();
        if (config.sources().isEmpty()) {
            String name = config.load().source();
            checkName(name, "ingest.load.source", problems);
            URI url = url(config.source(), "ingest.source", problems);
            check(config.source(), "ingest.source", problems);
            SourceAuth auth = SourceAuth.of(config.source(), "ingest.source", problems);
            if (url != null) {
                sources.add(new SourceSettings(
                        name,
                        "ingest.source",
                        url,
                        config.source(),
                        config.fields(),
                        config.clean().zone(),
                        cron(config.schedule().cron(), "ingest.schedule.cron", problems),
                        auth));
            }
        } else {
            if (config.source().url().isPresent()) {
                problems.add("ingest.source.url: set together with ingest.sources.*: a deployment with several sources"
                        + " configures each under ingest.sources.<name>.* (move ingest.source.* there)");
            }
            for (Map.Entry<String, IngestConfig.NamedSource> e : new TreeMap<>(config.sources()).entrySet()) {
                String prefix = "ingest.sources." + e.getKey();
                IngestConfig.NamedSource s = e.getValue();
                checkName(e.getKey(), prefix, problems);
                URI url = url(s.source(), prefix, problems);
                check(s.source(), prefix, problems);
                SourceAuth auth = SourceAuth.of(s.source(), prefix, problems);
                if (url != null) {
                    sources.add(new SourceSettings(
                            e.getKey(),
                            prefix,
                            url,
                            s.source(),
                            s.fields(),
                            zone(s.zone(), prefix, config.clean().zone(), problems),
                            s.schedule().filter(c -> !c.isBlank()).isPresent()
                                    ? cron(s.schedule().get(), prefix + ".schedule", problems)
                                    : cron(config.schedule().cron(), "ingest.schedule.cron", problems),
                            auth));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(String.join("; ", problems));
        }
        return List.copyOf(sources);
    }

    /** A daily run's cron: {@code off}, or a Quartz expression as the scheduler reads it. */
    private static String cron(String text, String key, List<String> problems) {
        String cron = text.trim();
        if (cron.equalsIgnoreCase("off")) {
            return cron;
        }
        try {
            QUARTZ.parse(cron).validate();
        } catch (IllegalArgumentException e) {
            problems.add(key + ": not a Quartz cron expression (e.g. 0 0 2 * * ?) or off: \"" + text + "\"");
        }
        return cron;
    }

    /** A source's zone: its own if set (a zone id), else {@code fallback}. */
    private static ZoneId zone(Optional<String> text, String prefix, ZoneId fallback, List<String> problems) {
        if (text.isEmpty() || text.get().isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(text.get().trim());
        } catch (DateTimeException e) {
            problems.add(prefix + ".zone: not a zone id such as Europe/Berlin or +02:00: \"" + text.get() + "\"");
            return fallback;
        }
    }

    private static void checkName(String name, String key, List<String> problems) {
        if (!NAME.matcher(name).matches()) {
            problems.add(key + ": the source's name \"" + name + "\" must be a lower-case letter followed by up to 62 "
                    + "lower-case letters, digits or '-'");
        }
    }

    /** The first page's URL: required, absolute, http or https; null (with a problem) otherwise. */
    private static URI url(IngestConfig.Source source, String prefix, List<String> problems) {
        if (source.url().isEmpty() || source.url().get().isBlank()) {
            problems.add(prefix + ".url: required: the URL of the source's first page");
            return null;
        }
        String text = source.url().get().trim();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problems.add(prefix + ".url: not an http(s) URL with a host: " + WithoutSecrets.of(text));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(prefix + ".url: not a URL (" + e.getReason() + "): " + WithoutSecrets.of(text));
            return null;
        }
    }

    private static void check(IngestConfig.Source s, String prefix, List<String> problems) {
        if (s.maxPages() < 1) {
            problems.add(prefix + ".max-pages: at least 1");
        }
        if (s.pageSize().isPresent() && s.pageSize().getAsInt() < 1) {
            problems.add(prefix + ".page-size: at least 1");
        }
        if (s.retry().maxAttempts() < 1) {
            problems.add(prefix + ".retry.max-attempts: at least 1");
        }
        if (s.retry().maxPerRun() < 0) {
            problems.add(prefix + ".retry.max-per-run: not negative");
        }
        if (s.incremental().untilParam().isPresent()
                && s.incremental().untilParam().get().isBlank()) {
            problems.add(prefix + ".incremental.until-param: empty: remove it, or name the source's upper-bound "
                    + "parameter");
        }
        if (s.incremental().sinceParam().isBlank()) {
            problems.add(prefix + ".incremental.since-param: empty");
        }
    }

    /** A URL as it may be said in an error: without its user info or query, which may carry credentials. */
    public static final class WithoutSecrets {
        private WithoutSecrets() {}

        public static String of(String url) {
            String out = url;
            int query = out.indexOf('?');
            if (query >= 0) {
                out = out.substring(0, query) + "?…";
            }
            int scheme = out.indexOf("://");
            if (scheme >= 0) {
                int host = scheme + 3;
                int path = out.indexOf('/', host);
                int at = out.lastIndexOf('@', path < 0 ? out.length() : path);
                if (at >= host) {
                    out = out.substring(0, host) + "…@" + out.substring(at + 1);
                }
            }
            return out;
        }
    }
}
