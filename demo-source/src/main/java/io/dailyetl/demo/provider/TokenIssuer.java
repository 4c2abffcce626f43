package io.dailyetl.demo.provider;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OAuth2 provider's access tokens: issued for the client credentials grant, valid for a fixed lifetime, and
 * refused once expired or revoked, so a client that keeps a token too long (or misses a revocation) gets 401s.
 */
public final class TokenIssuer {

    /** An issued token and how long it is valid (what the token endpoint answers). */
    public record Issued(String token, long expiresInSeconds) {}

    /** Why a presented token was refused. */
    public enum Refusal {
        UNKNOWN,
        EXPIRED
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Instant> live = new ConcurrentHashMap<>();
    private final AtomicLong issued = new AtomicLong();
    private final AtomicLong refusedExpired = new AtomicLong();

    /** Tokens valid for {@code lifetime} (whole seconds, at least one). */
    public TokenIssuer(Duration lifetime, Clock clock) {
        if (lifetime.toSeconds() < 1 || lifetime.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("token-lifetime must be whole seconds, at least 1 s, not " + lifetime);
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** A new token, valid from now for the lifetime. */
    public Issued issue() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        live.put(token, now.plus(lifetime));
        issued.incrementAndGet();
        forgetExpired(now);
        return new Issued(token, lifetime.toSeconds());
    }

    /** Null when {@code token} is valid now, else why it is not. */
    public Refusal check(String token) {
        Instant expires = token == null ? null : live.get(token);
        if (expires == null) {
            return Refusal.UNKNOWN;
        }
        if (!clock.instant().isBefore(expires)) {
            refusedExpired.incrementAndGet();
            return Refusal.EXPIRED;
        }
        return null;
    }

    /** Makes every token issued so far invalid (as an authorization server that rotates its keys does). */
    public void revokeAll() {
        live.clear();
    }

    /** Tokens issued since start-up. */
    public long issued() {
        return issued.get();
    }

    /** Page requests refused because their token had expired. */
    public long refusedExpired() {
        return refusedExpired.get();
    }

    private void forgetExpired(Instant now) {
        // a long-expired token is then refused as unknown: still 401, and the map stays small
        Instant horizon = now.minus(lifetime.multipliedBy(10));
        for (Iterator<Instant> it = live.values().iterator(); it.hasNext(); ) {
            if (it.next().isBefore(horizon)) {
                it.remove();
            }
        }
    }
}
