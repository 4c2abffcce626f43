package io.dailyetl.console.login;

import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks the user name and password of the login form ({@code j_security_check}). A refused login is logged as a
 * warning naming the user (abbreviated, its control characters escaped by the log filter), never the password.
 */
@ApplicationScoped
public class PasswordLogin implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final ConsoleUsers users;

    PasswordLogin(ConsoleUsers users) {
        this.users = users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String user = request.getUsername();
        return users.check(user, request.getPassword().getPassword())
                .map(role -> {
                    Log.infof("console login: %s logged in", role);
                    return Uni.createFrom().item(identity(role));
                })
                .orElseGet(() -> {
                    Log.warnf("console login refused for user '%s': wrong user name or password", shown(user));
                    return Uni.createFrom().failure(new AuthenticationFailedException());
                });
    }

    /** The identity of a logged-in user: its name is its role. */
    static SecurityIdentity identity(String user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user))
                .addRole(user)
                .build();
    }

    private static String shown(String user) {
        if (user == null) {
            return "";
        }
        return user.length() <= 64 ? user : user.substring(0, 61) + "...";
    }
}
