package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.CommitResult;
import io.dailyetl.ingest.clean.ChangeTimes;
import io.dailyetl.ingest.clean.Cleaned;
import io.dailyetl.ingest.clean.CleaningRules;
import io.dailyetl.ingest.clean.RecordCleaner;
import io.dailyetl.ingest.clean.RecordScanner;
import io.dailyetl.ingest.clean.SourceRecord;
import io.dailyetl.ingest.config.ConfiguredSources;
import io.dailyetl.ingest.config.IngestConfig;
import io.dailyetl.ingest.config.SourceAuth;
import io.dailyetl.ingest.config.SourceCatalog.SourceSettings;
import io.dailyetl.ingest.extract.AccessTokens;
import io.dailyetl.ingest.extract.Page;
import io.dailyetl.ingest.extract.PagePrefetcher;
import io.dailyetl.ingest.extract.PageReader;
import io.dailyetl.ingest.extract.SourceClient;
import io.dailyetl.ingest.extract.SourceCredentials;
import io.dailyetl.ingest.load.LoadLost;
import io.dailyetl.ingest.load.WarehouseLoad;
import io.dailyetl.ingest.trace.RunTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.logging.Log;
import io.quarkus.oidc.client.OidcClients;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One attempt of a run on its current load, as reader, processor and writer: read every page (one ahead), clean
 * each record, stream clean records and rejects in batches, then commit and check that every fetched record is
 * accounted for. The attempt counts in its own {@link Tally} and hands the run its counts a page at a time.
 */
@Singleton
class IngestPipeline {

    private final IngestMetrics metrics;
    private final RunThreads threads;
    /** Each source's cleaner, scanner, HTTP client and credentials, by name. */
    private final Map<String, SourceParts> parts;

    private final OpenTelemetry telemetry;
    private final Tracer tracer;

    /**
     * What reading and cleaning one source takes, made once: its cleaner and scanner (its field names and zone), its
     * change-time reader when incremental mode is on (else null: full pulls need none), its HTTP client and its
     * credentials.
     */
    private record SourceParts(
            SourceSettings settings,
            RecordCleaner cleaner,
            RecordScanner scanner,
            ChangeTimes changeTimes,
            HttpClient http,
            SourceCredentials credentials) {

        static SourceParts of(SourceSettings source, OidcClients oidc) {
            CleaningRules rules = rules(source);
            IngestConfig.Incremental incremental = source.source().incremental();
            String changeField = incremental.field().orElse(source.fields().createdAt());
            return new SourceParts(
                    source,
                    new RecordCleaner(rules),
                    new RecordScanner(rules, incremental.enabled() ? changeField : null),
                    incremental.enabled() ? new ChangeTimes(rules, changeField) : null,
                    SourceClient.httpClient(source.source()),
                    credentials(source, oidc));
        }

        /** The source's credentials; an OAuth2 source's access tokens are kept here, across its runs. */
        private static SourceCredentials credentials(SourceSettings source, OidcClients oidc) {
            if (source.auth() instanceof SourceAuth.OAuth2 oauth2) {
                Duration timeout =
                        source.source().connectTimeout().plus(source.source().readTimeout());
                return new SourceCredentials(oauth2, new AccessTokens(oidc, oauth2, source.prefix(), timeout));
            }
            return new SourceCredentials(source.auth(), null);
        }
    }

    IngestPipeline(
            ConfiguredSources sources,
            IngestMetrics metrics,
            RunThreads threads,
            OpenTelemetry telemetry,
            RunTracer tracer,
            OidcClients oidc) {
        this.telemetry = telemetry;
        this.tracer = tracer.tracer();
        this.metrics = metrics;
        this.threads = threads;
        Map<String, SourceParts> byName = new HashMap<>();
        for (SourceSettings s : sources.all()) {
            byName.put(s.name(), SourceParts.of(s, oidc));
        }
        this.parts = Map.copyOf(byName);
    }

    /** The cleaning rules of {@code source}: its field names and the zone of its local times. */
    static CleaningRules rules(SourceSettings source) {
        IngestConfig.Fields f = source.fields();
        return new CleaningRules(f.id(), f.userId(), f.amount(), f.status(), f.createdAt(), source.zone());
    }

    /**
     * Runs one attempt on {@code load}. Throws {@link LoadLost} when the load went away under it (the next attempt
     * may succeed), anything else when the run cannot succeed (the source failed, a batch was refused as invalid).
     */
    void attempt(Run run, WarehouseLoad load) {
        SourceParts source = parts.get(run.source.name());
        Tally tally = new Tally();
        CommitResult committed;
        try {
            readCleanAndSend(source, run, load, tally);
            committed = load.commit(watermark(source.changeTimes(), run, tally));
        } catch (LoadLost e) {
            throw e;
        } catch (RuntimeException e) {
            throw LoadLost.isLoadLost(e) ? new LoadLost(e.getMessage(), e) : e;
        }
        run.committed(committed);
        checkConservation(run.progress());
    }

    /**
     * The watermark the commit carries: the highest change time among the attempt's clean records, but never later
     * than the run's start (a record dated in the future, or a source clock ahead of ours, must not make later runs
     * skip what changes until then); null when the pull may not move it or found no change time.
     */
    private static String watermark(ChangeTimes changeTimes, Run run, Tally tally) {
        if (changeTimes != null && tally.withoutChangeTime > 0) {
            Log.warnf(
                    "run %s: %d clean records had no readable change time in field \"%s\" (they are loaded; they "
                            + "do not move the watermark)",
                    run.id, tally.withoutChangeTime, changeTimes.field());
        }
        if (changeTimes == null || !run.progress().pull().movesWatermark() || tally.highestChange == null) {
            return null;
        }
        Instant highest = tally.highestChange.isAfter(run.startedAt) ? run.startedAt : tally.highestChange;
        return highest.toString();
    }

    private void readCleanAndSend(SourceParts source, Run run, WarehouseLoad load, Tally tally) {
        IngestConfig.Source settings = source.settings().source();
        SourceClient client = new SourceClient(
                source.http(),
                settings,
                source.settings().prefix(),
                source.credentials(),
                telemetry.getPropagators().getTextMapPropagator(),
                () -> {
                    run.retried();
                    metrics.of(run.source.name()).retries.increment();
                });
        RecordCleaner cleaner = source.cleaner();
        ChangeTimes changeTimes = source.changeTimes();
        // a full pull has no bounds, so its requests carry no window
        String[] window = run.progress().pull().params(settings.incremental());
        try (PagePrefetcher pages = new PagePrefetcher(
                new PageReader(source.settings().url(), settings, window, client, tracer, source.scanner()),
                threads.fetcher)) {
            for (Page page = next(pages, run, tally); page != null; page = next(pages, run, tally)) {
                for (SourceRecord raw : page.records()) {
                    tally.fetched++;
                    Cleaned cleaned = cleaner.cleanScanned(raw);
                    if (cleaned instanceof Cleaned.Clean clean) {
                        load.add(clean);
                        if (changeTimes != null) {
                            tally.noteChange(changeTimes.of(raw, clean));
                        }
                    } else {
                        load.reject(raw.tree(), page.number(), ((Cleaned.Rejected) cleaned).reason());
                        tally.rejected++;
                    }
                }
                run.counted(tally.pages, tally.fetched, tally.rejected);
                load.throwIfLost();
            }
        }
    }

    /** The next page; the run counts every page fetched, the empty one that ends the data included. */
    private Page next(PagePrefetcher pages, Run run, Tally tally) {
        try {
            return pages.next();
        } finally {
            int read = pages.pages();
            metrics.of(run.source.name()).pages.increment(Math.max(0, read - tally.pages));
            tally.pages = read;
            run.counted(tally.pages, tally.fetched, tally.rejected);
        }
    }

    private static void checkConservation(RunProgress run) {
        long fetched = run.counts().fetched();
        long rejected = run.counts().rejected();
        if (fetched != run.loaded() + rejected + run.duplicates()) {
            // cannot happen if both sides count right; say so loudly rather than report a clean run
            throw new IllegalStateException("conservation violated: fetched " + fetched + " != loaded " + run.loaded()
                    + " + rejected " + rejected + " + duplicates " + run.duplicates());
        }
    }

    /** What one attempt has read so far; the run's thread alone writes it, record by record. */
    private static final class Tally {
        int pages;
        long fetched;
        long rejected;
        /** The highest change time among the clean records (null: none yet). */
        Instant highestChange;
        /** Clean records without a readable change time. */
        long withoutChangeTime;

        void noteChange(Instant changed) {
            if (changed == null) {
                withoutChangeTime++;
            } else if (highestChange == null || changed.isAfter(highestChange)) {
                highestChange = changed;
            }
        }
    }
}
