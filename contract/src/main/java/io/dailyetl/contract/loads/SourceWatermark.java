package io.dailyetl.contract.loads;

import java.util.UUID;

/**
 * A source's watermark as {@code GET /api/sources/{source}/watermark} answers it: the highest change time among the
 * records of the committed loads of the source (ISO-8601 instant), the load whose commit moved it there, and when
 * (the database's clock). The warehouse sends more fields (its history); a caller reads only these.
 */
public record SourceWatermark(String source, String watermark, UUID loadId, String movedAt) {}
