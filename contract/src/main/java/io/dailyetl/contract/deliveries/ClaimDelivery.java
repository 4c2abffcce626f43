package io.dailyetl.contract.deliveries;

import java.time.LocalDate;
import java.util.List;

/**
 * Body of {@code POST /api/report-deliveries}: claim the sending of a report for the window {@code [from, to)} to
 * these recipients; {@code force} claims a window that was already sent.
 */
public record ClaimDelivery(String report, LocalDate from, LocalDate to, List<String> recipients, Boolean force) {}
