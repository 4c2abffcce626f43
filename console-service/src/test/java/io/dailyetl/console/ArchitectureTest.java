package io.dailyetl.console;

import io.dailyetl.testing.ServiceArchitecture;

/** The shape rules of {@link ServiceArchitecture} on this service's main classes. */
class ArchitectureTest extends ServiceArchitecture {

    ArchitectureTest() {
        super("io.dailyetl.console");
    }
}
