package io.dailyetl.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** When an OAuth2 token stops being used: the skew before its expiry, never more than half its lifetime. */
class AccessTokensTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void aLongLivedTokenIsRenewedThirtySecondsBeforeItExpires() {
        long expires = NOW + 3_600_000;

        assertThat(AccessTokens.renewAt(NOW, expires)).isEqualTo(expires - 30_000);
    }

    @Test
    void aShortLivedTokenIsUsedForHalfItsLifeInsteadOfNotAtAll() {
        // a 20 s token: with a plain 30 s skew it would be renewed before every page
        long expires = NOW + 20_000;

        assertThat(AccessTokens.renewAt(NOW, expires)).isEqualTo(NOW + 10_000);
    }

    @Test
    void aTokenThatHasAlreadyExpiredIsRenewedAtOnce() {
        assertThat(AccessTokens.renewAt(NOW, NOW - 1_000)).isLessThanOrEqualTo(NOW);
    }
}
