package io.dailyetl.ingest.extract;

import io.dailyetl.ingest.clean.SourceRecord;
import java.net.URI;
import java.util.List;

/** One page of the source: its number in the run (from 1), where it came from, and its raw records. */
public record Page(int number, URI uri, List<SourceRecord> records) {}
