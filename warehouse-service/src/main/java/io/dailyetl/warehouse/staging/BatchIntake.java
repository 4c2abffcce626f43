package io.dailyetl.warehouse.staging;

import io.dailyetl.warehouse.config.WarehouseConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Takes a batch in as it is sent: reads its body whole, at most {@code warehouse.batch.max-bytes}, then parses and
 * validates it with at most {@code warehouse.batch.max-records} records and rejects ({@link BatchTooLarge} past
 * either limit).
 */
@ApplicationScoped
public class BatchIntake {

    private final BatchReader reader;
    private final WarehouseConfig config;

    BatchIntake(BatchReader reader, WarehouseConfig config) {
        this.reader = reader;
        this.config = config;
    }

    /** Reads batch {@code seq} from {@code body}; {@code contentLength} is the length announced, if any. */
    public StagedBatch read(InputStream body, Long contentLength, int seq) throws IOException {
        long maxBytes = config.batch().maxBytes().asLongValue();
        if (contentLength != null && contentLength > maxBytes) {
            throw BatchTooLarge.bytes(maxBytes);
        }
        // whole, so that attributes go from the body into the COPY text as they were sent
        byte[] bytes = new LimitedInputStream(body, maxBytes).readAllBytes();
        return reader.read(bytes, seq, config.batch().maxRecords());
    }

    /** Stops reading past the limit, for bodies that come without a Content-Length. */
    private static final class LimitedInputStream extends FilterInputStream {
        private final long max;
        private long read;

        LimitedInputStream(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw BatchTooLarge.bytes(max);
            }
        }
    }
}
