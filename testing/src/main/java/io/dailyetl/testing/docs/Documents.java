package io.dailyetl.testing.docs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Says which row of the docs a test proves: a status row of docs/http-api.md, a problem type of docs/errors.md or
 * a row of README's troubleshooting table (see {@link DocClaims} for the keys). devstack's {@code DocsCoverageTest}
 * fails while a row has no test naming it, or a test names a row that no longer exists, so a claim the docs make
 * is a claim some test produces.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(Documents.All.class)
public @interface Documents {

    /** The row's key, e.g. {@code "http-api: POST /api/loads 409 conflict"}. */
    String value();

    /** Several rows proved by one test. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @interface All {
        Documents[] value();
    }
}
