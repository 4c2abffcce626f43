package io.dailyetl.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.ingest.extract.SourceException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseConflictException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseRejectedException;
import io.dailyetl.warehouseclient.WarehouseErrors.WarehouseUnavailableException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Which failures send a run to a new attempt. A warehouse killed while a batch is in flight closes the connection
 * under the request ({@code HttpClosedException}, "Connection was closed"): that is the warehouse going away, and
 * must start a new attempt rather than fail the run.
 */
class LoadLostTest {

    @Test
    void aConnectionClosedUnderABatchIsALostLoad() {
        RuntimeException sent = new IllegalStateException("batch 5 failed", new HttpClosedException("gone"));

        assertThat(LoadLost.isLoadLost(sent)).isTrue();
    }

    @Test
    void aBrokenConnectionIsALostLoad() {
        assertThat(LoadLost.isLoadLost(new ProcessingException("reset"))).isTrue();
    }

    @Test
    void aBatchTheWarehouseRefusesIsNotALostLoad() {
        assertThat(LoadLost.isLoadLost(new WarehouseRejectedException(400, "records[3].amount: invalid")))
                .isFalse();
    }

    @Test
    void aSourceFailureIsNotALostLoadEvenWhenTheSourceConnectionClosed() {
        assertThat(LoadLost.isLoadLost(new SourceException("page 2 failed", new HttpClosedException("gone"))))
                .isFalse();
    }

    @Test
    void aWarehouseAnswerOfConflictOrServerErrorIsALostLoad() {
        assertThat(LoadLost.isLoadLost(new WarehouseConflictException("load is ABORTED")))
                .isTrue();
        assertThat(LoadLost.isLoadLost(new WarehouseUnavailableException("the warehouse answered 503")))
                .isTrue();
    }

    @Test
    void aTimeoutOrAnOpenCircuitBreakerIsALostLoad() {
        assertThat(LoadLost.isLoadLost(new IllegalStateException("batch 2 failed", new TimeoutException())))
                .isTrue();
        assertThat(LoadLost.isLoadLost(new CircuitBreakerOpenException())).isTrue();
    }
}
