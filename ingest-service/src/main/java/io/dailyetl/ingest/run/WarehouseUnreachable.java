package io.dailyetl.ingest.run;

/** The warehouse could not be reached for what was asked (opening a run's load, reading the run history). */
public class WarehouseUnreachable extends RunRefused {

    WarehouseUnreachable(String message) {
        super(Kind.WAREHOUSE_UNREACHABLE, message);
    }
}
