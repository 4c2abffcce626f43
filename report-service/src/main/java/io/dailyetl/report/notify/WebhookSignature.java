package io.dailyetl.report.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook's POST (docs/notifications.md, "Verifying a webhook"): {@code v1=} and the lower-case
 * hex HMAC-SHA256, keyed with the shared secret, of the {@code X-DailyEtl-Timestamp} value (unix seconds), a
 * {@code .}, and the exact bytes of the body. A receiver recomputes it, compares in constant time, and refuses a
 * timestamp too far from its clock (a replay).
 */
public final class WebhookSignature {

    /** The version prefix of the signature header's value. */
    public static final String VERSION = "v1=";

    private WebhookSignature() {}

    /** {@code v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>}. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return VERSION + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
