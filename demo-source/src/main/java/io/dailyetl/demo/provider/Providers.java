package io.dailyetl.demo.provider;

import io.dailyetl.demo.config.DemoConfig;
import io.dailyetl.demo.data.Dataset;
import io.dailyetl.demo.data.ExpectedCounts;
import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.fault.Faults;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The providers of {@code demo.providers.*}, generated at start-up; a bad setting stops the start naming its key. */
@Startup
@ApplicationScoped
public class Providers {

    private final Map<String, Provider> byName = new LinkedHashMap<>();

    Providers(DemoConfig config) {
        List<String> problems = new ArrayList<>();
        for (var entry : new java.util.TreeMap<>(config.providers()).entrySet()) {
            String name = entry.getKey();
            DemoConfig.Provider p = entry.getValue();
            String keys = "demo.providers." + name;
            if (!name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
                problems.add(keys + ": a provider name is lower-case letters, digits and -");
                continue;
            }
            try {
                byName.put(name, build(name, p, config));
            } catch (IllegalArgumentException e) {
                problems.add(keys + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("bad demo.providers settings: " + String.join("; ", problems));
        }
    }

    private static Provider build(String name, DemoConfig.Provider p, DemoConfig config) {
        DemoConfig.ProviderAuth auth = p.auth();
        Optional<String> secret = auth.secret().filter(s -> !s.isBlank());
        if (auth.type() != DemoConfig.AuthType.NONE && secret.isEmpty()) {
            throw new IllegalArgumentException("auth.secret is required with auth.type="
                    + auth.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        }
        DemoConfig.ProviderFields f = p.fields();
        Dataset.FieldNames names;
        try {
            names = new Dataset.FieldNames(f.id(), f.userId(), f.amount(), f.status(), f.createdAt());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fields: " + e.getMessage());
        }
        long started = System.nanoTime();
        Dataset dataset = Dataset.generate(
                new Dataset.Settings(p.seed(), p.records(), config.weekStart(), config.users(), names));
        TokenIssuer tokens = auth.type() == DemoConfig.AuthType.OAUTH2
                ? new TokenIssuer(auth.tokenLifetime(), Clock.systemUTC())
                : null;
        Provider provider = new Provider(
                name,
                SourceData.of(dataset, p.pageSize()),
                new Faults(new Faults.Settings(0, 0, p.latency().toMillis(), null)),
                auth,
                tokens,
                secret.map(Provider::sha256).orElse(new byte[0]));
        ExpectedCounts counts = dataset.expectedCounts();
        Log.infof(
                "demo provider %s (seed %d, auth %s): %d records, %d rejected, %d duplicates, %d to load; %d ms",
                name,
                p.seed(),
                auth.type(),
                counts.fetched(),
                counts.rejected(),
                counts.duplicates(),
                counts.loaded(),
                (System.nanoTime() - started) / 1_000_000);
        return provider;
    }

    /** The provider called {@code name}, if there is one. */
    public Optional<Provider> get(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    /** Every provider, by name. */
    public Collection<Provider> all() {
        return byName.values();
    }

    /** The providers' names, in order. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
