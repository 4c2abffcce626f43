package io.dailyetl.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.console.view.RunChart.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The charts' geometry, worked out by hand for two runs on a 600 x 160 chart: each run has a 300 wide slot, its bar
 * 240 wide from 30 into the slot; the tallest bar fills the 160 height.
 */
class RunChartTest {

    // run a: 60 loaded + 20 rejected + 20 duplicates = 100 records, 30 s, 20% rejected
    // run b: 45 loaded + 5 rejected + 0 duplicates = 50 records, 60 s, 10% rejected
    private static final List<Point> RUNS =
            List.of(new Point("run a", 60, 20, 20, 30), new Point("run b", 45, 5, 0, 60));

    @Test
    void recordsAreStackedLoadedThenRejectedThenDuplicatesToScale() {
        // when the records chart is drawn
        String svg = RunChart.records("records", "Records per run", RUNS);

        // then run a's bar fills the height: 60/100 of 160 = 96 from y 64, 32 above it from 32, 32 from 0
        assertThat(svg)
                .contains("<rect x=\"30\" y=\"64\" width=\"240\" height=\"96\" fill=\"" + RunChart.LOADED + "\"/>")
                .contains("<rect x=\"30\" y=\"32\" width=\"240\" height=\"32\" fill=\"" + RunChart.REJECTED + "\"/>")
                .contains("<rect x=\"30\" y=\"0\" width=\"240\" height=\"32\" fill=\"" + RunChart.DUPLICATES + "\"/>");
        // and run b's, in the second slot (x 300 + 30): 45/100 of 160 = 72 from y 88, 5/100 of 160 = 8 from y 80,
        // and no rectangle for its no duplicates
        assertThat(svg)
                .contains("<rect x=\"330\" y=\"88\" width=\"240\" height=\"72\" fill=\"" + RunChart.LOADED + "\"/>")
                .contains("<rect x=\"330\" y=\"80\" width=\"240\" height=\"8\" fill=\"" + RunChart.REJECTED + "\"/>");
        assertThat(svg.split("<rect ", -1)).hasSize(1 + 5);
        assertThat(svg).contains("<title>run b: 45 loaded, 5 rejected, 0 duplicates</title>");
    }

    @Test
    void durationsAreBarsToScaleOfTheLongest() {
        // when the durations chart is drawn
        String svg = RunChart.durations("durations", "Duration per run", RUNS);

        // then run a's 30 s is half of the 60 s run b's full height
        assertThat(svg)
                .contains("<rect x=\"30\" y=\"80\" width=\"240\" height=\"80\" fill=\"" + RunChart.DURATION + "\"/>")
                .contains("<rect x=\"330\" y=\"0\" width=\"240\" height=\"160\" fill=\"" + RunChart.DURATION + "\"/>")
                .contains("took 60 s");
    }

    @Test
    void theRejectShareIsALineThroughTheSlotsCentresHighestAtTheTop() {
        // when the reject-share chart is drawn
        String svg = RunChart.rejectShare("share", "Reject share", RUNS);

        // then run a's 20% (the highest) is at the top of its slot's centre (150), run b's 10% half way down at 450
        assertThat(svg).contains("points=\"150,0 450,80\"").contains("<title>run b: 10.0% rejected</title>");
        assertThat(svg).contains("The highest is 20.0%.");
    }

    @Test
    void aChartIsAnImageWithATitleAndADescriptionAndEscapesItsText() {
        // when a chart is drawn with a title that holds markup
        String svg = RunChart.records("c", "Runs of <b>", List.of(new Point("<i>", 1, 0, 0, 1)));

        // then it is an image labelled by its title and description, its text escaped
        assertThat(svg)
                .startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"c\" viewBox=\"0 0 600 160\"")
                .contains("aria-labelledby=\"c-title c-desc\"")
                .contains("<title id=\"c-title\">Runs of &lt;b&gt;</title>", "<desc id=\"c-desc\">")
                .doesNotContain("<b>", "<i>")
                .endsWith("</svg>");
    }

    @Test
    void aRunAloneInRoomForFourTakesTheFirstQuarter() {
        // when one run is drawn with room for four: slots of 600 / 4 = 150, the bar 120 wide from 15
        String svg = RunChart.durations("d", "t", List.of(new Point("a", 1, 0, 0, 10)), 4);
        String line = RunChart.rejectShare("s", "t", List.of(new Point("a", 1, 1, 0, 10)), 4);

        // then it takes the first slot, the full height; the line's one point sits at the slot's centre, 75
        assertThat(svg).contains("<rect x=\"15\" y=\"0\" width=\"120\" height=\"160\"");
        assertThat(line).contains("points=\"75,0\"");
    }

    @Test
    void noRunsOrNothingCountedDrawsNoBars() {
        assertThat(RunChart.records("e", "t", List.of())).doesNotContain("<rect");
        assertThat(RunChart.records("z", "t", List.of(new Point("a", 0, 0, 0, 0))))
                .doesNotContain("<rect");
        assertThat(RunChart.rejectShare("z", "t", List.of(new Point("a", 0, 0, 0, 0))))
                .contains("points=\"300,160\"");
    }
}
