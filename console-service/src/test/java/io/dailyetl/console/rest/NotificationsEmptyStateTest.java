package io.dailyetl.console.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A notifications page without any notification says what records one (the shared test warehouse has some). */
@QuarkusTest
@WithTestResource(WarehouseResource.class)
class NotificationsEmptyStateTest {

    @Test
    void anEmptyOutboxSaysWhatProducesNotifications() {
        String page =
                NotificationPages.Templates.notifications("viewer", List.of()).render();

        assertThat(page)
                .contains("id=\"empty-state\"", "No notification yet", "when a run fails")
                .doesNotContain("id=\"notifications\"");
    }
}
