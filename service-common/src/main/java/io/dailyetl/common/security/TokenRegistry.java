package io.dailyetl.common.security;

import io.dailyetl.common.PipelineConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The accepted bearer tokens and the role each one carries, checked once at start-up: a blank entry or a token
 * listed under two roles is refused, and the {@code prod} profile refuses to start without an operator token.
 * Only SHA-256 digests are kept, and a lookup compares against every one of them, so neither the time a lookup
 * takes nor a heap dump tells a token. Tokens are never logged.
 */
@Startup
@ApplicationScoped
public class TokenRegistry {

    private record Entry(byte[] digest, String role) {}

    private final List<Entry> entries = new ArrayList<>();

    TokenRegistry(PipelineConfig config) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        byRole.put(Roles.OPERATOR, new ArrayList<>(config.tokens().operator().orElse(List.of())));
        config.apiToken().filter(t -> !t.isBlank()).ifPresent(byRole.get(Roles.OPERATOR)::add);
        byRole.put(Roles.LOADER, config.tokens().loader().orElse(List.of()));
        byRole.put(Roles.READER, config.tokens().reader().orElse(List.of()));

        Map<String, String> seen = new LinkedHashMap<>();
        byRole.forEach((role, tokens) -> {
            for (String token : tokens) {
                String t = token.trim();
                if (t.isEmpty()) {
                    throw new IllegalStateException("pipeline.tokens." + role + " has an empty entry");
                }
                String other = seen.putIfAbsent(t, role);
                if (other != null && !other.equals(role)) {
                    throw new IllegalStateException("one token is configured for two roles, " + other + " and " + role
                            + ": give each role its own token");
                }
                entries.add(new Entry(sha256(t), role));
            }
        });
        Map<String, Long> counts = entries.stream().collect(Collectors.groupingBy(Entry::role, Collectors.counting()));
        if (!counts.containsKey(Roles.OPERATOR) && LaunchMode.current() == LaunchMode.NORMAL) {
            throw new IllegalStateException("no operator token: set PIPELINE_API_TOKEN or PIPELINE_TOKENS_OPERATOR");
        }
        Log.infof(
                "API tokens accepted: %d operator, %d loader, %d reader",
                counts.getOrDefault(Roles.OPERATOR, 0L),
                counts.getOrDefault(Roles.LOADER, 0L),
                counts.getOrDefault(Roles.READER, 0L));
    }

    /** The role of this token, if it is one of the configured tokens. */
    public Optional<String> roleOf(String token) {
        byte[] given = sha256(token);
        String role = null;
        for (Entry e : entries) {
            // no early exit: every digest is compared, whichever matches
            if (MessageDigest.isEqual(e.digest(), given)) {
                role = e.role();
            }
        }
        return Optional.ofNullable(role);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
