package io.dailyetl.warehouse.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.contract.Amounts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The amounts {@link AmountRule} stages without parsing are staged exactly as parsing them would. */
class PlainAmountTest {

    @Test
    void plainAmountsAreWhatBigDecimalMakesOfThem() {
        List<String> plain = new ArrayList<>(List.of(
                "0",
                "0.0",
                "0.000000",
                "1",
                "12.50",
                "12.5",
                "-3.2",
                "0.05",
                "999999999999999.999999",
                "-999999999999999.999999",
                "100",
                "1.000000",
                "-1"));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            plain.add(randomAmountLike(random));
        }
        for (String s : plain) {
            if (AmountRule.isPlain(s)) {
                BigDecimal parsed = new BigDecimal(s);
                assertThat(Amounts.problem(parsed)).as(s).isNull();
                assertThat(Amounts.normalized(parsed).toPlainString()).as(s).isEqualTo(s);
            }
        }
        assertThat(plain.stream().filter(AmountRule::isPlain)).hasSizeGreaterThan(1_000);
    }

    @Test
    void everythingElseTakesTheLongWay() {
        for (String s : List.of(
                "",
                "-",
                "-0",
                "-0.0",
                "-0.5",
                "00",
                "01.5",
                "1.",
                ".5",
                "1.2345678",
                "+1",
                " 1",
                "1 ",
                "1e3",
                "1E3",
                "1,5",
                "1.5.5",
                "1234567890123456",
                "0x10",
                "١",
                "NaN",
                "-.5",
                "1.-5")) {
            assertThat(AmountRule.isPlain(s)).as(s).isFalse();
        }
    }

    @Test
    void theValidatorAnswersAsBeforeForBothWays() {
        BatchErrors errors = new BatchErrors();
        RecordValidator validator = new RecordValidator(errors);
        errors.at("records", 0);
        for (String s : List.of("12.50", "-0.00", "007.10", " 3.5 ", "1e2", "-12", "0.1234560", "+4.2")) {
            assertThat(validator.amount(s))
                    .as(s)
                    .isEqualTo(Amounts.normalized(new BigDecimal(s.trim())).toPlainString());
        }
        assertThat(errors.valid()).isTrue();
    }

    private static String randomAmountLike(Random random) {
        String alphabet = "0123456789.-0019";
        StringBuilder s = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
