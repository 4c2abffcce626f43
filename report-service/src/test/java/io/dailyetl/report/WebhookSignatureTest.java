package io.dailyetl.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.report.notify.WebhookSignature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The webhook's signature is the one a receiver computes with standard tools. */
class WebhookSignatureTest {

    @Test
    void theSignatureIsTheHexHmacSha256OfTheTimestampADotAndTheBody() {
        // given what openssl computes:
        // printf '%s' '1765072800.{"id":"x"}' | openssl dgst -sha256 -hmac 'a-test-secret-of-32-characters!!'
        String expected = "v1=1b156220bb0d4148355b1e38c02281d5058998898b26564971afc2670004cdf6";

        // when the sender signs the same bytes, then it is the same signature
        assertThat(WebhookSignature.sign(
                        "a-test-secret-of-32-characters!!",
                        "1765072800",
                        "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(expected);
    }

    @Test
    void anyChangeToTheBodyOrTheTimestampChangesTheSignature() {
        byte[] body = "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        String signed = WebhookSignature.sign("a-test-secret-of-32-characters!!", "1765072800", body);

        assertThat(WebhookSignature.sign("a-test-secret-of-32-characters!!", "1765072801", body))
                .isNotEqualTo(signed);
        assertThat(WebhookSignature.sign(
                        "a-test-secret-of-32-characters!!",
                        "1765072800",
                        "{\"id\":\"y\"}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(signed);
        assertThat(WebhookSignature.sign("another-secret-of-32-characters!", "1765072800", body))
                .isNotEqualTo(signed);
    }
}
