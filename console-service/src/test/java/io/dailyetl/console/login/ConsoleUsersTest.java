package io.dailyetl.console.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dailyetl.console.config.ConsoleConfig;
import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The passwords of the built-in login: prod refuses to start without both; a check names no one else's role. */
class ConsoleUsersTest {

    @Test
    void prodRefusesToStartWithoutBothPasswords() {
        assertThatThrownBy(() -> ConsoleUsers.passwords(config(null, null), true))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CONSOLE_USERS_VIEWER_PASSWORD")
                .hasMessageContaining("CONSOLE_USERS_OPERATOR_PASSWORD");
        assertThatThrownBy(() -> ConsoleUsers.passwords(config("v", " "), true))
                .isInstanceOf(ConfigurationException.class);
        assertThat(ConsoleUsers.passwords(config("v", "o"), true)).containsOnlyKeys("viewer", "operator");
    }

    @Test
    void aPasswordLetsInOnlyItsOwnUser() {
        ConsoleUsers users = new ConsoleUsers(config("viewer-pw", "operator-pw"));

        assertThat(users.check("operator", "operator-pw".toCharArray())).contains("operator");
        assertThat(users.check("viewer", "viewer-pw".toCharArray())).contains("viewer");
        assertThat(users.check("viewer", "operator-pw".toCharArray())).isEmpty();
        assertThat(users.check("admin", "operator-pw".toCharArray())).isEmpty();
        assertThat(users.knows("admin")).isFalse();
    }

    private static ConsoleConfig config(String viewer, String operator) {
        return new ConsoleConfig() {
            @Override
            public String zone() {
                return "UTC";
            }

            @Override
            public int runs() {
                return 200;
            }

            @Override
            public Optional<String> traceLink() {
                return Optional.empty();
            }

            @Override
            public Optional<String> operatorToken() {
                return Optional.empty();
            }

            @Override
            public int progressIntervalMs() {
                return 3000;
            }

            @Override
            public Users users() {
                return new Users() {
                    @Override
                    public User viewer() {
                        return () -> Optional.ofNullable(viewer);
                    }

                    @Override
                    public User operator() {
                        return () -> Optional.ofNullable(operator);
                    }
                };
            }
        };
    }
}
