package io.dailyetl.ingest.config;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How one source's requests are authenticated, resolved from its {@code auth.*} keys (and the older
 * {@code auth-token}) by {@link SourceCatalog}. The records never show their secrets in {@code toString}, and
 * {@link #scrub(String)} takes them out of any text that is about to be logged or shown.
 */
public sealed interface SourceAuth {

    /** What replaces a secret in text that is logged or shown. */
    String HIDDEN = "***";

    /** The secrets of this source's configuration (never empty strings). */
    List<String> secrets();

    /** {@code text} with every secret of this source (as written and URL-encoded) replaced by {@link #HIDDEN}. */
    default String scrub(String text) {
        return scrub(text, secrets());
    }

    /** {@code text} with each of {@code secrets} (as written and URL-encoded) replaced by {@link #HIDDEN}. */
    static String scrub(String text, List<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                continue;
            }
            out = out.replace(secret, HIDDEN);
            String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
            if (!encoded.equals(secret)) {
                out = out.replace(encoded, HIDDEN);
                out = out.replace(encoded.replace("+", "%20"), HIDDEN);
            }
        }
        return out;
    }

    /** No authentication (the default). */
    record None() implements SourceAuth {
        @Override
        public List<String> secrets() {
            return List.of();
        }
    }

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements SourceAuth {
        @Override
        public List<String> secrets() {
            return List.of(token);
        }

        @Override
        public String toString() {
            return "Bearer[token=" + HIDDEN + "]";
        }
    }

    /** An API key in a header ({@code header}) or, when {@code queryParam} is set, in that query parameter. */
    record ApiKey(String key, String header, Optional<String> queryParam) implements SourceAuth {
        @Override
        public List<String> secrets() {
            return List.of(key);
        }

        @Override
        public String toString() {
            return "ApiKey[key=" + HIDDEN + ", "
                    + queryParam.map(q -> "query-param=" + q).orElse("header=" + header) + "]";
        }
    }

    /** HTTP basic authentication. */
    record Basic(String username, String password) implements SourceAuth {
        @Override
        public List<String> secrets() {
            return List.of(password);
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=" + HIDDEN + "]";
        }
    }

    /** OAuth2 client credentials: an access token from {@code tokenUrl}, sent as a bearer token. */
    record OAuth2(URI tokenUrl, String clientId, String clientSecret, Optional<String> scope, Optional<String> audience)
            implements SourceAuth {
        @Override
        public List<String> secrets() {
            return List.of(clientSecret);
        }

        @Override
        public String toString() {
            return "OAuth2[token-url=" + SourceCatalog.WithoutSecrets.of(tokenUrl.toString()) + ", client-id="
                    + clientId + ", client-secret=" + HIDDEN + "]";
        }
    }

    /** The auth types, as {@code auth.type} names them. */
    enum Type {
        NONE(),
        BEARER("token"),
        API_KEY("api-key", "header", "query-param"),
        BASIC("username", "password"),
        OAUTH2("token-url", "client-id", "client-secret", "scope", "audience");

        /** Every {@code auth.*} key, in the order problems with them are said. */
        static final List<String> KEYS = List.of(
                "token",
                "api-key",
                "header",
                "query-param",
                "username",
                "password",
                "token-url",
                "client-id",
                "client-secret",
                "scope",
                "audience");

        private final List<String> used;

        Type(String... used) {
            this.used = List.of(used);
        }

        /** The {@code auth.*} keys this type does not read: one set beside it is a mistake. */
        List<String> unused() {
            return KEYS.stream().filter(k -> !used.contains(k)).toList();
        }

        /** The name as written in {@code auth.type}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Optional<Type> of(String text) {
            for (Type t : values()) {
                if (t.key().equalsIgnoreCase(text.trim())) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Resolves the {@code auth.*} keys of the source under {@code prefix}, adding every problem, named by its key, to
     * {@code problems}; {@link None} when they are at fault.
     */
    static SourceAuth of(IngestConfig.Source source, String prefix, List<String> problems) {
        IngestConfig.Auth a = source.auth();
        String key = prefix + ".auth.";
        Optional<String> legacy = given(source.authToken());
        Optional<String> typeText = given(a.type());
        Type type;
        if (typeText.isEmpty()) {
            type = legacy.isPresent() ? Type.BEARER : Type.NONE;
        } else {
            Optional<Type> known = Type.of(typeText.get());
            if (known.isEmpty()) {
                problems.add(key + "type: unknown type \"" + typeText.get().trim()
                        + "\": none, bearer, api-key, basic or oauth2");
                return new None();
            }
            type = known.get();
        }
        int before = problems.size();
        SourceAuth auth = switch (type) {
            case NONE -> {
                yield new None();
            }
            case BEARER -> {
                Optional<String> token = given(a.token());
                // one environment variable (INGEST_SOURCE_AUTH_TOKEN) sets both: only two values contradict
                if (token.isPresent() && legacy.isPresent() && !token.equals(legacy)) {
                    problems.add(prefix + ".auth-token: set together with " + key
                            + "token to another value: keep one (auth-token is the older name of auth.token)");
                }
                if (token.isEmpty() && legacy.isEmpty()) {
                    problems.add(key + "token: required with auth.type=bearer");
                }
                yield new Bearer(token.or(() -> legacy).orElse(""));
            }
            case API_KEY -> {
                Optional<String> apiKey = required(a.apiKey(), key + "api-key", "api-key", problems);
                Optional<String> header = given(a.header());
                Optional<String> param = given(a.queryParam());
                if (header.isPresent() && param.isPresent()) {
                    problems.add(key + "header: set together with " + key
                            + "query-param: the key goes in a header or in a query parameter, not both");
                }
                yield new ApiKey(
                        apiKey.orElse(""), header.map(String::trim).orElse("X-API-Key"), param.map(String::trim));
            }
            case BASIC -> {
                Optional<String> user = required(a.username(), key + "username", "basic", problems);
                Optional<String> password = required(a.password(), key + "password", "basic", problems);
                if (user.isPresent() && user.get().contains(":")) {
                    problems.add(key + "username: may not contain ':' (HTTP basic authentication)");
                }
                yield new Basic(user.orElse(""), password.orElse(""));
            }
            case OAUTH2 -> {
                Optional<String> url = required(a.tokenUrl(), key + "token-url", "oauth2", problems);
                Optional<String> id = required(a.clientId(), key + "client-id", "oauth2", problems);
                Optional<String> secret = required(a.clientSecret(), key + "client-secret", "oauth2", problems);
                URI tokenUrl =
                        url.map(u -> tokenUrl(u, key + "token-url", problems)).orElse(null);
                yield new OAuth2(
                        tokenUrl,
                        id.orElse(""),
                        secret.orElse(""),
                        given(a.scope()).map(String::trim),
                        given(a.audience()).map(String::trim));
            }
        };
        if (type != Type.BEARER && legacy.isPresent()) {
            problems.add(prefix + ".auth-token: set, but " + key + "type is " + type.key()
                    + ": remove auth-token (it means auth.type=bearer)");
        }
        for (String name : type.unused()) {
            if (given(value(a, name)).isPresent()) {
                problems.add(key + name + ": not used with auth.type=" + type.key()
                        + (type == Type.NONE ? " (set auth.type)" : ""));
            }
        }
        return problems.size() > before ? new None() : auth;
    }

    private static Optional<String> value(IngestConfig.Auth a, String name) {
        return switch (name) {
            case "token" -> a.token();
            case "api-key" -> a.apiKey();
            case "header" -> a.header();
            case "query-param" -> a.queryParam();
            case "username" -> a.username();
            case "password" -> a.password();
            case "token-url" -> a.tokenUrl();
            case "client-id" -> a.clientId();
            case "client-secret" -> a.clientSecret();
            case "scope" -> a.scope();
            case "audience" -> a.audience();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Optional<String> given(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }

    private static Optional<String> required(Optional<String> value, String key, String type, List<String> problems) {
        Optional<String> v = given(value);
        if (v.isEmpty()) {
            problems.add(key + ": required with auth.type=" + type);
        }
        return v;
    }

    private static URI tokenUrl(String text, String key, List<String> problems) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        problems.add(key + ": not an http(s) URL with a host: " + SourceCatalog.WithoutSecrets.of(text));
        return null;
    }
}
