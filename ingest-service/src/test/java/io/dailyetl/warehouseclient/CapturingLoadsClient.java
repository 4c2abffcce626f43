package io.dailyetl.warehouseclient;

import io.dailyetl.contract.loads.BatchReceipt;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A warehouse client that only keeps the batch bodies it is given, for tests of what ingest sends. */
public final class CapturingLoadsClient extends LoadsClient {

    private final List<byte[]> bodies = new CopyOnWriteArrayList<>();

    public CapturingLoadsClient() {
        super(null);
    }

    @Override
    public BatchReceipt putBatch(UUID loadId, int seq, byte[] body) {
        bodies.add(body);
        return null;
    }

    /** The bodies put so far, in the order they arrived. */
    public List<byte[]> bodies() {
        return bodies;
    }
}
