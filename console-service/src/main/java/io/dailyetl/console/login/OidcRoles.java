package io.dailyetl.console.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dailyetl.console.config.AccessConfig;
import io.quarkus.logging.Log;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Gives a person who logged in with OpenID Connect their console role from a claim of their ID token, or of their
 * access token (a JWT) where the ID token does not have it ({@code console.oidc.role-claim}, e.g. {@code groups} or
 * {@code realm_access/roles}): {@code operator} if the claim
 * holds one of {@code console.oidc.operator-values}, else {@code viewer} if it holds one of
 * {@code console.oidc.viewer-values}, else no role, so every page answers 403 saying so. Identities of the built-in
 * login are left as they are. The roles the provider itself maps are dropped: only the claim decides.
 */
@ApplicationScoped
public class OidcRoles implements SecurityIdentityAugmentor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> claim;
    private final Set<String> operatorValues;
    private final Set<String> viewerValues;

    OidcRoles(AccessConfig config) {
        this.claim = LoginSettings.claimPath(config.oidc().roleClaim());
        this.operatorValues = Set.copyOf(config.oidc().operatorValues().orElse(List.of()));
        this.viewerValues = Set.copyOf(config.oidc().viewerValues().orElse(List.of()));
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        Set<String> values = values(claims(token.getRawToken()), claim);
        AccessTokenCredential access = identity.getCredential(AccessTokenCredential.class);
        if (values.isEmpty() && access != null && !access.isOpaque()) {
            // a provider may put the roles only into the access token (Keycloak's realm roles by default)
            values = values(claims(access.getToken()), claim);
        }
        String role = role(values);
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(identity.getPrincipal())
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addPermissionChecker(identity::checkPermission);
        if (role != null) {
            builder.addRole(role);
        } else {
            // each request restores the identity: the page's refusal (AccessDenied) is the warning
            Log.debugf(
                    "console login: %s has no console role: claim %s holds %s, none of them an operator or viewer value",
                    token.getName(), String.join("/", claim), values);
        }
        return Uni.createFrom().item(builder.build());
    }

    /** The role {@code values} of the claim give: operator before viewer; null for neither. */
    String role(Set<String> values) {
        if (values.stream().anyMatch(operatorValues::contains)) {
            return ConsoleRoles.OPERATOR;
        }
        if (values.stream().anyMatch(viewerValues::contains)) {
            return ConsoleRoles.VIEWER;
        }
        return null;
    }

    /** The claims of a JWT, read from its payload (an empty object if it cannot be read). */
    static JsonNode claims(String raw) {
        String[] parts = raw == null ? new String[0] : raw.split("\\.");
        if (parts.length < 2) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            return JSON.createObjectNode();
        }
    }

    /**
     * The strings at {@code path} in {@code claims}: a string is one value, an array its string elements; anything
     * else, or nothing there, none.
     */
    static Set<String> values(JsonNode claims, List<String> path) {
        JsonNode node = claims;
        for (String step : path) {
            node = node == null ? null : node.get(step);
        }
        Set<String> values = new LinkedHashSet<>();
        if (node == null) {
            return values;
        }
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            List<String> found = new ArrayList<>();
            node.forEach(e -> {
                if (e.isTextual()) {
                    found.add(e.asText());
                }
            });
            values.addAll(found);
        }
        return values;
    }
}
