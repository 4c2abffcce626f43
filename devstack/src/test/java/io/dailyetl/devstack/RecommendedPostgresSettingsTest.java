package io.dailyetl.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dailyetl.testing.PostgresSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recommended PostgreSQL settings file: read as PostgreSQL reads it, and refused when it says something else. */
class RecommendedPostgresSettingsTest {

    @Test
    void readsNameValueLinesAndSkipsComments(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        // given a settings file with comments, blank lines and a trailing comment
        Files.createDirectories(dir.resolve("deploy/postgres"));
        Files.writeString(dir.resolve(PostgresSettings.RECOMMENDED), """
                # a comment
                max_wal_size = 4GB

                  checkpoint_timeout=15min   # why
                """);

        // when it is read, then the settings come in the file's order
        assertThat(PostgresSettings.recommended(dir))
                .containsExactly(Map.entry("max_wal_size", "4GB"), Map.entry("checkpoint_timeout", "15min"));
    }

    @Test
    void aLineThatIsNotASettingIsRefusedNotSkipped(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("deploy/postgres"));
        Files.writeString(dir.resolve(PostgresSettings.RECOMMENDED), "max_wal_size 4GB\n");

        assertThatThrownBy(() -> PostgresSettings.recommended(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max_wal_size 4GB");
    }

    @Test
    void theRepositoryRecommendsDurableSettingsOnly() {
        // the bench turns fsync and friends on itself; the file must not be where they are switched off again
        assertThat(PostgresSettings.recommended(DeployFiles.repoRoot()))
                .doesNotContainKeys("fsync", "synchronous_commit", "full_page_writes");
    }
}
