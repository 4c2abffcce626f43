package io.dailyetl.ingest.extract;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Reads a run's pages one ahead on another thread, so fetching and parsing page n+1 overlaps cleaning and batching
 * page n. Exactly one read is outstanding at a time (the reader's state is only ever touched by one task, each
 * started after the last one ended), so at most two pages are in memory.
 */
public final class PagePrefetcher implements AutoCloseable {

    private final PageReader reader;
    private final ExecutorService fetcher;
    private Future<Page> ahead;
    private volatile int pagesRead;
    private boolean ended;

    public PagePrefetcher(PageReader reader, ExecutorService fetcher) {
        this.reader = reader;
        this.fetcher = fetcher;
        this.ahead = readAhead();
    }

    /** The next page, or null at the end of the data; throws what reading it threw. */
    public Page next() {
        if (ended) {
            return null;
        }
        Page page;
        try {
            page = ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ended = true;
            throw new SourceException("interrupted while reading a page", e);
        } catch (CancellationException e) {
            ended = true;
            throw new SourceException("reading pages was cancelled", e);
        } catch (ExecutionException e) {
            ended = true;
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new SourceException("reading a page failed: " + e.getCause(), e.getCause());
        }
        if (page == null) {
            ended = true;
        } else {
            ahead = readAhead();
        }
        return page;
    }

    /** Pages fetched so far, the one being read ahead included once it has arrived. */
    public int pages() {
        return pagesRead;
    }

    /** Stops reading ahead (the run ended early); an HTTP call in progress is interrupted. */
    @Override
    public void close() {
        if (!ended) {
            ended = true;
            ahead.cancel(true);
        }
    }

    private Future<Page> readAhead() {
        return fetcher.submit(() -> {
            try {
                return reader.next();
            } finally {
                pagesRead = reader.pages();
            }
        });
    }
}
