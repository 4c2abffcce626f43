package io.dailyetl.console.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dailyetl.console.config.AccessConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The start-up checks of how people log in: each refusal names the key that fixes it ({@link LoginSettings} runs them
 * in a {@code @Startup} bean, so a wrong setting stops the start).
 */
class LoginSettingsTest {

    private static final Optional<String> KEY = Optional.of("a-session-key-of-32-characters!!");

    @Test
    void prodRefusesThePasswordLoginWithoutAFixedSessionKeyOfAtLeast16Characters() {
        assertThatThrownBy(() -> LoginSettings.check(access("password", "groups", null, null), Optional.empty(), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("quarkus.http.auth.session.encryption-key")
                .hasMessageContaining("QUARKUS_HTTP_AUTH_SESSION_ENCRYPTION_KEY");
        assertThatThrownBy(() -> LoginSettings.check(
                        access("password", "groups", null, null), Optional.of("only-15-chars!!"), true))
                .isInstanceOf(ConfigurationException.class);
        assertThatCode(() -> LoginSettings.check(access("password", "groups", null, null), KEY, true))
                .doesNotThrowAnyException();
        // dev and tests make a random key per start
        assertThatCode(() -> LoginSettings.check(access("password", "groups", null, null), Optional.empty(), false))
                .doesNotThrowAnyException();
        // with OpenID Connect the form's cookie is not used: no key needed
        assertThatCode(() -> LoginSettings.check(access("oidc", "groups", "ops", null), Optional.empty(), true))
                .doesNotThrowAnyException();
    }

    @Test
    void anUnknownLoginIsRefusedNamingConsoleLogin() {
        assertThatThrownBy(() -> LoginSettings.check(access("ldap", "groups", null, null), KEY, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("console.login: must be password or oidc")
                .hasMessageContaining("'ldap'");
    }

    @Test
    void aWrongRoleClaimConfigurationIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> LoginSettings.check(access("oidc", " ", "ops", null), KEY, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("console.oidc.role-claim:");
        assertThatThrownBy(() -> LoginSettings.check(access("oidc", "realm_access//roles", "ops", null), KEY, false))
                .hasMessageStartingWith("console.oidc.role-claim:");
        assertThatThrownBy(() -> LoginSettings.check(access("oidc", "groups", null, null), KEY, false))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("console.oidc.operator-values, console.oidc.viewer-values:");
        assertThatThrownBy(() -> LoginSettings.check(access("oidc", "groups", "ops", "ops"), KEY, false))
                .hasMessageContaining("[ops] is in both");
        assertThat(LoginSettings.claimPath("realm_access/roles")).containsExactly("realm_access", "roles");
    }

    /** An access configuration; {@code operators} and {@code viewers} comma-separated, null for none. */
    static AccessConfig access(String login, String claim, String operators, String viewers) {
        return new AccessConfig() {
            @Override
            public String login() {
                return login;
            }

            @Override
            public Oidc oidc() {
                return new Oidc() {
                    @Override
                    public String roleClaim() {
                        return claim;
                    }

                    @Override
                    public Optional<List<String>> operatorValues() {
                        return Optional.ofNullable(operators).map(s -> List.of(s.split(",")));
                    }

                    @Override
                    public Optional<List<String>> viewerValues() {
                        return Optional.ofNullable(viewers).map(s -> List.of(s.split(",")));
                    }
                };
            }

            @Override
            public boolean secureCookie() {
                return true;
            }

            @Override
            public int notifications() {
                return 100;
            }
        };
    }
}
