package io.dailyetl.demo.rest;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicLong;

/** Pages (answered 200, in every style) and records served so far, for tests that count what a run fetched. */
@ApplicationScoped
public class PageStats {

    /** What {@code GET /admin/stats} answers. */
    public record View(long requests, long records) {}

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    void served(long count) {
        requests.incrementAndGet();
        records.addAndGet(count);
    }

    View view() {
        return new View(requests.get(), records.get());
    }

    void reset() {
        requests.set(0);
        records.set(0);
    }
}
