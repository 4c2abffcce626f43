package io.dailyetl.console.view;

import io.dailyetl.console.login.ConsoleRoles;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

/**
 * Who is looking at a page, for the templates ({@code inject:who}): whether they are an operator, so that the nav and
 * the pages show the actions to operators only.
 */
@Named("who")
@RequestScoped
public class Who {

    private final SecurityIdentity identity;

    Who(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** Whether the person has the operator role. */
    public boolean operator() {
        return !identity.isAnonymous() && identity.hasRole(ConsoleRoles.OPERATOR);
    }
}
