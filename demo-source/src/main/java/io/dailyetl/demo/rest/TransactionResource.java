package io.dailyetl.demo.rest;

import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.fault.Faults;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The single demo source's records ({@code demo.*}), paginated five ways ({@link PageStyles}). */
@Path(TransactionResource.PATH)
@Tag(name = "transactions", description = "The source records, paginated five ways")
public class TransactionResource extends PageStyles {

    static final String PATH = "/api/transactions";

    TransactionResource(SourceData data, Faults faults, PageStats stats) {
        super(data, faults, stats, PATH);
    }
}
