package io.dailyetl.common.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a bearer token into an identity with the token's role. A token that is not configured still becomes an
 * identity, one without any role, so that every protected endpoint answers it 403 (a wrong token) rather than
 * 401 (no token at all).
 */
@ApplicationScoped
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** The principal of a bearer token that matches no configured token. */
    public static final String UNRECOGNISED = "unrecognised-token";

    private final TokenRegistry tokens;

    BearerTokenIdentityProvider(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        SecurityIdentity identity = tokens.roleOf(token)
                .map(role -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(role))
                        .addRole(role)
                        .addCredential(request.getToken())
                        .build())
                .orElseGet(() -> QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(UNRECOGNISED))
                        .build());
        return Uni.createFrom().item(identity);
    }
}
