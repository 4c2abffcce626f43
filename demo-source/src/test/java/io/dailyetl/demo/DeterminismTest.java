package io.dailyetl.demo;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.demo.data.Dataset;
import io.dailyetl.demo.data.SourceData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DeterminismTest {

    @Inject
    SourceData data;

    @Test
    void theSameSeedGivesTheSameDataAndAnotherSeedOtherData() {
        Dataset.Settings settings = data.dataset().settings();
        byte[] served = given().when()
                .get("/api/transactions?page=1&size=" + settings.records())
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();

        Dataset again = Dataset.generate(settings);
        Dataset other = Dataset.generate(
                new Dataset.Settings(settings.seed() + 1, settings.records(), settings.weekStart(), settings.users()));

        byte[] prefix = "{\"results\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] suffix = "]}".getBytes(StandardCharsets.US_ASCII);
        assertThat(again.body(prefix, 0, settings.records(), suffix)).isEqualTo(served);
        for (int i = 0; i < settings.records(); i++) {
            assertThat(again.truth(i)).isEqualTo(data.dataset().truth(i));
        }
        assertThat(again.expectedCounts()).isEqualTo(data.dataset().expectedCounts());
        assertThat(other.body(prefix, 0, settings.records(), suffix)).isNotEqualTo(served);
    }
}
