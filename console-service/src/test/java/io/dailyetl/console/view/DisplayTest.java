package io.dailyetl.console.view;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Times in the configured zone with UTC beside them, counts with separators, ages in words. */
class DisplayTest {

    @Test
    void aTimeIsShownInTheZoneWithItsUtcInstant() {
        Display berlin = new Display(ZoneId.of("Europe/Berlin"));

        Display.TimeText t = berlin.time(Instant.parse("2026-07-01T10:00:00Z"));

        assertThat(t.local()).isEqualTo("2026-07-01 12:00:00 CEST");
        assertThat(t.utc()).isEqualTo("2026-07-01T10:00:00Z");
        assertThat(berlin.time(null)).isEqualTo(Display.TimeText.NONE);
    }

    @Test
    void countsHaveThousandsSeparators() {
        assertThat(Display.count(10_000L)).isEqualTo("10,000");
        assertThat(Display.count(1_234_567L)).isEqualTo("1,234,567");
        assertThat(Display.count(45L)).isEqualTo("45");
        assertThat(Display.count(null)).isEqualTo("-");
    }

    @Test
    void agesAreInWords() {
        Instant now = Instant.parse("2026-11-20T12:00:00Z");

        assertThat(Display.age(Instant.parse("2026-11-20T11:59:30Z"), now)).isEqualTo("just now");
        assertThat(Display.age(Instant.parse("2026-11-20T11:48:00Z"), now)).isEqualTo("12 min ago");
        assertThat(Display.age(Instant.parse("2026-11-20T08:48:00Z"), now)).isEqualTo("3 h 12 min ago");
        assertThat(Display.age(Instant.parse("2026-11-18T09:00:00Z"), now)).isEqualTo("2 d 3 h ago");
    }

    @Test
    void anUnknownZoneRefusesStartUpNamingTheKey() {
        assertThatThrownBy(() -> Display.zone("Mars/Olympus"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("console.zone");
    }
}
