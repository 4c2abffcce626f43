package io.dailyetl.warehouse.lifecycle;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Expires OPEN loads whose lease ran out, so their staging is dropped even if nobody asks about them. */
@ApplicationScoped
class LeaseSweeper {

    private final LoadLease lease;

    LeaseSweeper(LoadLease lease) {
        this.lease = lease;
    }

    @Scheduled(every = "${warehouse.load.sweep-every:60s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        lease.expireLapsed(null, null);
    }
}
