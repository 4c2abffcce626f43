package io.dailyetl.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a reject's values become CSV fields, and which field a reason names. */
class RejectsTest {

    @Test
    void aFieldIsQuotedOnlyWhenItHoldsACommaAQuoteOrALineBreak() {
        assertThat(Rejects.csv("plain")).isEqualTo("plain");
        assertThat(Rejects.csv("a, b")).isEqualTo("\"a, b\"");
        assertThat(Rejects.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(Rejects.csv("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Rejects.csv(null)).isEmpty();
    }

    @Test
    void aValueASpreadsheetWouldRunAsAFormulaIsLedByAnApostrophe() {
        assertThat(Rejects.csv("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(Rejects.csv("+1")).isEqualTo("'+1");
        assertThat(Rejects.csv("-1")).isEqualTo("'-1");
        assertThat(Rejects.csv("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Rejects.csv("1-2")).isEqualTo("1-2");
    }

    @Test
    void theFieldIsWhatTheReasonNamesBeforeItsColon() {
        assertThat(Rejects.field("amount: not a number")).isEqualTo("amount");
        assertThat(Rejects.field("attributes.currency: required")).isEqualTo("attributes.currency");
        assertThat(Rejects.field("no field named")).isEmpty();
        assertThat(Rejects.field(null)).isEmpty();
    }
}
