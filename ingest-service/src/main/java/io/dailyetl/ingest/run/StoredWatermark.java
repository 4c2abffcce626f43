package io.dailyetl.ingest.run;

import io.dailyetl.contract.loads.SourceWatermark;
import io.dailyetl.warehouseclient.SourcesClient;
import java.util.Optional;

/** A source's watermark as the warehouse keeps it, read the one way both the pull plan and the sources list read it. */
final class StoredWatermark {

    private StoredWatermark() {}

    /**
     * The source's watermark (ISO-8601 with an offset), empty until a commit carried one; {@link WarehouseUnreachable}
     * naming the source when the warehouse cannot say.
     */
    static Optional<String> of(SourcesClient warehouse, String source) {
        Optional<SourceWatermark> stored;
        try {
            stored = warehouse.watermark(source);
        } catch (RuntimeException e) {
            throw new WarehouseUnreachable(
                    "could not read the watermark of " + source + " at the warehouse: " + e.getMessage());
        }
        return stored.map(SourceWatermark::watermark);
    }
}
