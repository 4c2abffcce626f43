package io.dailyetl.contract.loads;

/** Answer to {@code PUT /api/loads/{loadId}/batches/{seq}}: the records and rejects the batch staged. */
public record BatchReceipt(int seq, int records, int rejects) {}
