package io.dailyetl.demo.rest;

import io.dailyetl.demo.provider.Provider;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each provider's pages ({@link PageStyles} under {@code /providers/<name>/transactions}) and what they served. */
@ApplicationScoped
public class ProviderPages {

    private final Map<String, PageStats> stats = new ConcurrentHashMap<>();
    private final Map<String, PageStyles> pages = new ConcurrentHashMap<>();

    /** The provider's pages, in every style. */
    PageStyles pages(Provider provider) {
        return pages.computeIfAbsent(
                provider.name(),
                n -> new PageStyles(
                        provider.data(), provider.faults(), stats(provider), "/providers/" + n + "/transactions"));
    }

    /** How many pages and records the provider served. */
    PageStats stats(Provider provider) {
        return stats.computeIfAbsent(provider.name(), n -> new PageStats());
    }
}
