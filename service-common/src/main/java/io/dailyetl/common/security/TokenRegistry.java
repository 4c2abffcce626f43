package io.dailyetl.common.security;

import io.dailyetl.common.PipelineConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The accepted bearer tokens and the role each one carries, checked at start-up: a blank entry or a token listed
 * under two roles is refused, and the {@code prod} profile refuses to start without an operator token (checked when
 * the configuration is read, by {@link OperatorTokenCheck}, so a refused start touches no database).
 * Only SHA-256 digests are kept, and a lookup compares against every one of them, so neither the time a lookup
 * takes nor a heap dump tells a token. Tokens are never logged.
 */
@Startup
@ApplicationScoped
public class TokenRegistry {

    private record Entry(byte[] digest, String role) {}

    private final List<Entry> entries = new ArrayList<>();

    TokenRegistry(PipelineConfig config) {
        Map<String, List<String>> byRole = tokensByRole(config, LaunchMode.current() == LaunchMode.NORMAL);
        byRole.forEach((role, tokens) -> tokens.forEach(t -> entries.add(new Entry(sha256(t), role))));
        Log.infof(
                "API tokens accepted: %d operator, %d loader, %d reader",
                byRole.get(Roles.OPERATOR).size(),
                byRole.get(Roles.LOADER).size(),
                byRole.get(Roles.READER).size());
    }

    /**
     * The configured tokens by role (operator, loader, reader; trimmed), or a {@link ConfigurationException} that says
     * what is wrong and what fixes it: a blank entry, one token under two roles, or (with {@code operatorRequired}, as
     * in the {@code prod} profile) no operator token. {@link OperatorTokenCheck} runs this when the configuration is
     * read, before anything connects to a database; the constructor runs it again for every other launch mode.
     */
    static Map<String, List<String>> tokensByRole(PipelineConfig config, boolean operatorRequired) {
        Map<String, List<String>> byRole = new LinkedHashMap<>();
        byRole.put(Roles.OPERATOR, new ArrayList<>(config.tokens().operator().orElse(List.of())));
        config.apiToken().filter(t -> !t.isBlank()).ifPresent(byRole.get(Roles.OPERATOR)::add);
        byRole.put(Roles.LOADER, config.tokens().loader().orElse(List.of()));
        byRole.put(Roles.READER, config.tokens().reader().orElse(List.of()));

        Map<String, List<String>> trimmed = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        byRole.forEach((role, tokens) -> {
            List<String> kept = new ArrayList<>();
            for (String token : tokens) {
                String t = token.trim();
                if (t.isEmpty()) {
                    throw new ConfigurationException("pipeline.tokens." + role + " has an empty entry: remove it from "
                            + "PIPELINE_TOKENS_" + role.toUpperCase(Locale.ROOT));
                }
                String other = seen.putIfAbsent(t, role);
                if (other != null && !other.equals(role)) {
                    throw new ConfigurationException("one token is configured for two roles, " + other + " and " + role
                            + ": give each role its own token");
                }
                kept.add(t);
            }
            trimmed.put(role, kept);
        });
        if (operatorRequired && trimmed.get(Roles.OPERATOR).isEmpty()) {
            throw new ConfigurationException(NO_OPERATOR_TOKEN);
        }
        return trimmed;
    }

    /** What a {@code prod} start without an operator token says (README, Troubleshooting). */
    static final String NO_OPERATOR_TOKEN = "no operator token: set PIPELINE_API_TOKEN or PIPELINE_TOKENS_OPERATOR";

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
