package io.dailyetl.ingest.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What an operator can tune in ingest ({@code ingest.*}, env {@code INGEST_*}). */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    Source source();

    Fields fields();

    Clean clean();

    LoadSettings load();

    Schedule schedule();

    Run run();

    /**
     * The sources of a deployment that pulls several ({@code ingest.sources."<name>".*}): each with every key of
     * {@code ingest.source.*}, its own {@code fields.*}, {@code zone} and {@code schedule}. Empty (the default), the
     * one source is {@code ingest.source.*} under the name {@code ingest.load.source}, as before. {@link
     * SourceCatalog} checks them at start-up.
     */
    Map<String, NamedSource> sources();

    /**
     * Whether ingest runs its own hot code (page fetching over loopback, parsing, cleaning, batch writing) once on
     * made-up pages in the background right after start-up, and reads the source's watermark and latest run from the
     * warehouse once it is ready, so that the first run after a start runs compiled code over warm clients instead
     * of paying for class loading and the JIT. The source is never called and nothing is written.
     */
    @WithName("warm-up")
    @WithDefault("true")
    boolean warmUp();

    /**
     * Most clean records per warehouse batch. Fewer, larger batches cost the warehouse fewer requests, transactions
     * and COPYs: a million records take about a third less time in batches of 20,000 than of 1,000.
     */
    @WithName("batch-size")
    @WithDefault("20000")
    int batchSize();

    /**
     * Largest body of a warehouse batch: a batch is sent once its body reaches this size, however few records it
     * has, so records with large attributes make smaller batches and memory stays bounded (up to
     * {@code ingest.load.in-flight} + 1 bodies at a time). Must stay below the warehouse's
     * {@code warehouse.batch.max-bytes} (16M).
     */
    @WithName("batch-bytes")
    @WithDefault("4M")
    MemorySize batchBytes();

    /**
     * One source of {@code ingest.sources."<name>".*}: the keys of {@code ingest.source.*} at its own level
     * ({@code ingest.sources.payments.url}), its field names, zone and schedule.
     */
    interface NamedSource {
        @WithParentName
        Source source();

        /** The record fields' names in this source's records. */
        Fields fields();

        /**
         * Zone of this source's local date-times (a region id such as {@code Europe/Berlin}, or an offset); unset:
         * {@code ingest.clean.zone}. Read as text and checked by {@link SourceCatalog}: a packaged ingest hands an
         * unset optional zone of a map entry to the converter as empty text.
         */
        Optional<String> zone();

        /** Quartz-style cron of this source's daily run, or {@code off}; unset: {@code ingest.schedule.cron}. */
        Optional<String> schedule();
    }

    /** The source API. */
    interface Source {
        /** First page's URL (required for the source that is used). */
        Optional<String> url();

        /** Dot path to the records array in a JSON object body; a top-level array body is always the records. */
        @WithDefault("results")
        String recordsPath();

        /** page | offset | cursor | next-link | link-header. */
        @WithDefault("page")
        Pagination pagination();

        @WithDefault("page")
        String pageParam();

        @WithDefault("1")
        int startPage();

        /** Query parameter carrying the page size; with page-size, sent on (first) requests. */
        Optional<String> sizeParam();

        OptionalInt pageSize();

        @WithDefault("offset")
        String offsetParam();

        @WithDefault("limit")
        String limitParam();

        @WithDefault("cursor")
        String cursorParam();

        /** Dot path to the next cursor in the body. */
        @WithDefault("next_cursor")
        String cursorPath();

        /** Dot path to the next page's URL in the body. */
        @WithDefault("next")
        String nextPath();

        /**
         * Bearer token for the source (a secret; never logged). Kept as it was: set without {@code auth.type}, it is
         * {@code auth.type=bearer} with this token.
         */
        Optional<String> authToken();

        /** How requests to the source are authenticated ({@code auth.*}); {@link SourceCatalog} checks the keys. */
        Auth auth();

        /** Safety stop: a run that would read more pages fails. */
        @WithDefault("100000")
        int maxPages();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest wait for a page's response to begin. */
        @WithDefault("30s")
        Duration readTimeout();

        /**
         * Longest a page may take to arrive whole, body included: a source that stalls mid-body is cut off (and the
         * page retried like a timeout).
         */
        @WithDefault("2m")
        Duration pageDeadline();

        /**
         * Largest page body read; a larger page fails the run with a clear error instead of exhausting the heap.
         * Up to two pages are in memory at once, each several times its size once parsed: keep it well below the
         * heap (the default suits the 512 MiB container).
         */
        @WithDefault("16M")
        MemorySize maxPageBytes();

        Retry retry();

        /** Incremental pulls: asking the source only for what changed since the last committed run. */
        Incremental incremental();
    }

    /**
     * Incremental mode ({@code ingest.source.incremental.*}). Off by default: every run pulls everything. On, a run
     * asks the source only for records changed since the source's watermark (the highest change time among the
     * records of its last committed load, which the warehouse moves in the commit's own transaction) less
     * {@code look-back}; the snapshot is keyed by id, so records pulled twice are counted unchanged, never added
     * twice.
     */
    interface Incremental {
        /** Whether runs pull only what changed since the watermark. */
        @WithDefault("false")
        boolean enabled();

        /** The query parameter that carries the lower bound (inclusive) of the change times asked for. */
        @WithDefault("updated_since")
        String sinceParam();

        /**
         * The query parameter that carries an upper bound (exclusive), if the source has one; only a backfill with
         * {@code "to"} sends it, and without it a backfill cannot have a {@code "to"}.
         */
        Optional<String> untilParam();

        /**
         * The record field holding each record's change time (default: {@code ingest.fields.created-at}, right for
         * sources whose records never change). May be a field that is otherwise kept in {@code attributes}, such as
         * {@code updated_at}. Read as {@code created_at} is: an ISO-8601 date-time or epoch seconds or milliseconds.
         */
        Optional<String> field();

        /** How the bounds are written into the query: {@code iso} (2026-12-01T23:00:00Z), {@code epoch-seconds}, {@code epoch-millis}. */
        @WithDefault("iso")
        TimeFormat format();

        /**
         * The lower bound of the very first run, while the source has no watermark (an ISO-8601 instant such as
         * {@code 2026-01-01T00:00:00Z}); without it the first run pulls everything.
         */
        Optional<Instant> initial();

        /**
         * How far before the watermark a run starts asking, for writes that commit at the source after records with
         * later change times were read (late arrivals). Records pulled again by the overlap are counted unchanged.
         */
        @WithDefault("1h")
        Duration lookBack();
    }

    /** How an instant is written into a source's query. */
    enum TimeFormat {
        ISO,
        EPOCH_SECONDS,
        EPOCH_MILLIS
    }

    /**
     * A source's authentication ({@code ingest.source.auth.*}, {@code ingest.sources."<name>".auth.*}). Every value is
     * read as text (unset and empty are the same: a packaged ingest hands unset optional values of a map entry over as
     * empty text) and checked by {@link SourceCatalog}, which resolves them into a {@link SourceAuth}. The secrets
     * ({@code token}, {@code api-key}, {@code password}, {@code client-secret}) are never logged nor shown.
     */
    interface Auth {
        /** {@code none} (the default), {@code bearer}, {@code api-key}, {@code basic} or {@code oauth2}. */
        Optional<String> type();

        /** bearer: the token sent as {@code Authorization: Bearer <token>}. */
        Optional<String> token();

        /** api-key: the key. */
        Optional<String> apiKey();

        /** api-key: the header that carries the key ({@code X-API-Key} unless {@code query-param} is set). */
        Optional<String> header();

        /** api-key: the query parameter that carries the key on every page request, instead of a header. */
        Optional<String> queryParam();

        /** basic: the user name. */
        Optional<String> username();

        /** basic: the password. */
        Optional<String> password();

        /** oauth2: the authorization server's token endpoint (client credentials grant). */
        Optional<String> tokenUrl();

        /** oauth2: the client id. */
        Optional<String> clientId();

        /** oauth2: the client secret. */
        Optional<String> clientSecret();

        /** oauth2: the scope asked for (space-separated scopes), if the server wants one. */
        Optional<String> scope();

        /** oauth2: the audience asked for, if the server wants one. */
        Optional<String> audience();
    }

    /** Retries of 429, 5xx, timeouts and connection resets. */
    interface Retry {
        /** Attempts per page, the first included. */
        @WithDefault("6")
        int maxAttempts();

        /** Retries allowed in one run, over all pages. */
        @WithDefault("200")
        int maxPerRun();

        /** First backoff; doubles per attempt, with jitter. Also the least wait, even for {@code Retry-After: 0}. */
        @WithDefault("200ms")
        Duration initialBackoff();

        /** Longest wait between attempts, {@code Retry-After} included. */
        @WithDefault("30s")
        Duration maxBackoff();
    }

    /** Which source fields hold the five mapped values (the source API's own names by default). */
    interface Fields {
        @WithDefault("id")
        String id();

        @WithDefault("user_id")
        String userId();

        @WithDefault("amount")
        String amount();

        @WithDefault("status")
        String status();

        @WithDefault("created_at")
        String createdAt();
    }

    /** How records are cleaned. */
    interface Clean {
        /** Zone for local date-times and dates without an offset. */
        @WithDefault("UTC")
        ZoneId zone();
    }

    /** How a run loads into the warehouse: under which source name, how many batches in flight, how often it heartbeats. */
    interface LoadSettings {
        /** The source name the warehouse files loads under (one OPEN load per source). */
        @WithDefault("transactions")
        String source();

        /** Batches sent to the warehouse concurrently while later pages are read. */
        @WithDefault("2")
        int inFlight();

        /**
         * How often a run tells the warehouse it is alive, so its load's lease (warehouse.load.lease, 90 s by
         * default) does not run out while a slow source keeps it waiting between batches. Keep it under a third
         * of the lease.
         */
        @WithDefault("20s")
        Duration heartbeatEvery();
    }

    /** How a run heals itself when its load is lost. */
    interface Run {
        /**
         * Attempts a run makes in all: a run whose load was lost (the warehouse refused the commit because
         * staged rows were lost, the load expired or was aborted under it, the warehouse restarted) starts again
         * from the first page with a new load, up to this many times.
         */
        @WithDefault("2")
        int attempts();

        /**
         * How long a run waits for an unreachable warehouse to come back (to settle a commit whose answer was
         * lost, to open the next attempt's load while the old one's lease runs out, to store a finished run's
         * report in the run history).
         */
        @WithDefault("3m")
        Duration warehousePatience();

        /**
         * Runs of different sources at the same time, at most (one per source always). Each run holds up to two pages
         * and {@code ingest.load.in-flight} + 1 batch bodies in memory, so the heap bounds this.
         */
        @WithDefault("2")
        int maxConcurrent();

        /**
         * How long a scheduled run waits for one of those runs to end when {@code max-concurrent} runs are going
         * (several sources due at the same time); one that cannot start within it is skipped with a warning, and
         * the source's missed run is notified as usual. A run started over the API never waits: it gets 409.
         */
        @WithDefault("6h")
        Duration queueWait();
    }

    /** When the daily run starts. */
    interface Schedule {
        /** Quartz-style cron of the daily run, in ingest.clean.zone; {@code off} disables it. */
        @WithDefault("0 0 2 * * ?")
        String cron();
    }

    /** How the source is paged through; each style has its paginator in the extract package. */
    enum Pagination {
        PAGE,
        OFFSET,
        CURSOR,
        NEXT_LINK,
        LINK_HEADER
    }
}
