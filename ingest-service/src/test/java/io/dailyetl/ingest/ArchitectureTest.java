package io.dailyetl.ingest;

import io.dailyetl.testing.ServiceArchitecture;

/** The shape rules of {@link ServiceArchitecture} on this service's main classes. */
class ArchitectureTest extends ServiceArchitecture {

    ArchitectureTest() {
        super("io.dailyetl.ingest");
    }
}
