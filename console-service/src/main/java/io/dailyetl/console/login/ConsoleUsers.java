package io.dailyetl.console.login;

import io.dailyetl.console.config.AccessConfig;
import io.dailyetl.console.config.ConsoleConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in login's users ({@code viewer}, {@code operator}) and their passwords, checked at start-up: the
 * {@code prod} profile refuses to start unless both have a password. Only SHA-256 digests are kept, and a check
 * compares against every one of them in constant time. Passwords are never logged.
 */
@Startup
@ApplicationScoped
public class ConsoleUsers {

    /** What a {@code prod} start without the passwords says. */
    static final String NO_PASSWORDS = "the console's built-in login needs a password for each user: set "
            + "CONSOLE_USERS_VIEWER_PASSWORD and CONSOLE_USERS_OPERATOR_PASSWORD";

    private final Map<String, byte[]> digests = new LinkedHashMap<>();

    @Inject
    ConsoleUsers(ConsoleConfig config, AccessConfig access) {
        // with OpenID Connect the built-in login is off: its passwords are not needed
        this(
                config,
                LaunchMode.current() == LaunchMode.NORMAL
                        && AccessConfig.PASSWORD.equals(access.login().trim()));
    }

    ConsoleUsers(ConsoleConfig config) {
        this(config, LaunchMode.current() == LaunchMode.NORMAL);
    }

    private ConsoleUsers(ConsoleConfig config, boolean required) {
        passwords(config, required).forEach((user, pw) -> digests.put(user, sha256(pw)));
        Log.infof("console login: users %s", digests.keySet());
    }

    /**
     * The configured password of each user (a user without one cannot log in), or, with {@code required} (the
     * {@code prod} profile) and a password missing or blank, a {@link ConfigurationException} naming the variables.
     */
    static Map<String, String> passwords(ConsoleConfig config, boolean required) {
        Map<String, String> passwords = new LinkedHashMap<>();
        config.users()
                .viewer()
                .password()
                .filter(p -> !p.isBlank())
                .ifPresent(p -> passwords.put(ConsoleRoles.VIEWER, p));
        config.users()
                .operator()
                .password()
                .filter(p -> !p.isBlank())
                .ifPresent(p -> passwords.put(ConsoleRoles.OPERATOR, p));
        if (required && passwords.size() < 2) {
            throw new ConfigurationException(NO_PASSWORDS);
        }
        return passwords;
    }

    /** The role of {@code user} if {@code password} is its password; empty for a wrong password or an unknown user. */
    public Optional<String> check(String user, char[] password) {
        byte[] given = sha256(new String(password));
        boolean match = false;
        for (Map.Entry<String, byte[]> e : digests.entrySet()) {
            // every digest is compared, whichever user was named, so the time taken tells nothing
            boolean equal = MessageDigest.isEqual(e.getValue(), given);
            match |= equal && e.getKey().equals(user);
        }
        return match ? Optional.of(user) : Optional.empty();
    }

    /** Whether {@code user} is a user of the console that can log in (for a session restored from its cookie). */
    public boolean knows(String user) {
        return digests.containsKey(user);
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
