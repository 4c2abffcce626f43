package io.dailyetl.console.login;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How a claim of an OpenID Connect user gives the console role. */
class OidcRolesTest {

    @Test
    void aNestedClaimPathIsFollowedAndAStringOrAnArrayGivesTheValues() throws Exception {
        JsonNode claims = new ObjectMapper()
                .readTree("{\"realm_access\": {\"roles\": [\"etl-ops\", \"offline_access\", 3]}, \"team\": \"data\"}");

        assertThat(OidcRoles.values(claims, List.of("realm_access", "roles")))
                .containsExactly("etl-ops", "offline_access");
        assertThat(OidcRoles.values(claims, List.of("team"))).containsExactly("data");
        assertThat(OidcRoles.values(claims, List.of("groups"))).isEmpty();
        assertThat(OidcRoles.values(claims, List.of("team", "deeper"))).isEmpty();
    }

    @Test
    void operatorWinsOverViewerAndNeitherGivesNoRole() {
        OidcRoles roles = new OidcRoles(LoginSettingsTest.access("oidc", "groups", "etl-ops", "etl-read,staff"));

        assertThat(roles.role(Set.of("staff", "etl-ops"))).isEqualTo(ConsoleRoles.OPERATOR);
        assertThat(roles.role(Set.of("staff"))).isEqualTo(ConsoleRoles.VIEWER);
        assertThat(roles.role(Set.of("marketing"))).isNull();
        assertThat(roles.role(Set.of())).isNull();
    }
}
