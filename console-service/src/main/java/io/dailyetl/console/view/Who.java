package io.dailyetl.console.view;

import io.dailyetl.console.login.ConsoleRoles;
import io.quarkus.csrf.reactive.runtime.CsrfTokenParameterProvider;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who is looking at a page, for the templates ({@code inject:who}): whether they are an operator, so that the nav and
 * the pages show the actions to operators only, and the CSRF token the header's sign-out form carries (every form
 * POST is checked for it). A page rendered outside an HTTP request (a test's) gets an empty token rather than an
 * error.
 */
@Named("who")
@RequestScoped
public class Who {

    private final SecurityIdentity identity;
    private final CsrfTokenParameterProvider csrf;

    Who(SecurityIdentity identity, CsrfTokenParameterProvider csrf) {
        this.identity = identity;
        this.csrf = csrf;
    }

    /** Whether the person has the operator role. */
    public boolean operator() {
        return !identity.isAnonymous() && identity.hasRole(ConsoleRoles.OPERATOR);
    }

    /** The form parameter the CSRF token goes in. */
    public String csrfParameter() {
        return csrf.getParameterName();
    }

    /** This request's CSRF token; empty outside an HTTP request. */
    public String csrfToken() {
        try {
            String token = csrf.getToken();
            return token == null ? "" : token;
        } catch (RuntimeException e) {
            return "";
        }
    }
}
