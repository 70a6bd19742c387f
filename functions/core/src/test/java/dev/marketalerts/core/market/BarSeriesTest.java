package dev.marketalerts.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BarSeriesTest {
    private static final Instant AS_OF = Instant.parse("2025-01-10T21:00:00Z");

    private static DailyBar bar(String date, String close) {
        return DailyBar.close(LocalDate.parse(date), new BigDecimal(close));
    }

    private final DailyBar d2 = bar("2025-01-02", "10.5");
    private final DailyBar d3 = bar("2025-01-03", "11");
    private final DailyBar d6 = bar("2025-01-06", "10.75");
    private final DailyBar d7 = bar("2025-01-07", "12");

    @Test
    void holdsTheBarsInTheirOrderAndEqualsAnyListOfThem() {
        BarSeries series = BarSeries.of(new ArrayList<>(List.of(d2, d3, d6, d7)));

        assertThat(series).containsExactly(d2, d3, d6, d7);
        assertThat(series).isEqualTo(List.of(d2, d3, d6, d7));
        assertThat(series.hashCode()).isEqualTo(List.of(d2, d3, d6, d7).hashCode());
    }

    @Test
    void aChangeToTheListItWasMadeFromDoesNotReachIt() {
        List<DailyBar> source = new ArrayList<>(List.of(d2, d3));
        BarSeries series = BarSeries.of(source);

        source.set(0, d6);
        source.add(d7);

        assertThat(series).containsExactly(d2, d3);
    }

    @Test
    void barsOutOfDateOrderOrTwiceOnADayAreRejected() {
        assertThatThrownBy(() -> BarSeries.of(List.of(d2, d6, d3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2025-01-03");
        assertThatThrownBy(() -> BarSeries.of(List.of(d2, d3, bar("2025-01-03", "12"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing date order at 2025-01-03");
        assertThatThrownBy(() -> BarSeries.of(Arrays.asList(d2, null))).isInstanceOf(NullPointerException.class);
    }

    @Test
    void itCannotBeChanged() {
        BarSeries series = BarSeries.of(List.of(d2, d3));

        assertThatThrownBy(() -> series.add(d6)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> series.set(0, d6)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> series.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aSubListIsASeriesOfThoseBars() {
        BarSeries series = BarSeries.of(List.of(d2, d3, d6, d7));

        BarSeries middle = series.subList(1, 3);

        assertThat(middle).containsExactly(d3, d6);
        assertThat(middle.subList(1, 2)).containsExactly(d6);
        assertThat(series.subList(2, 2)).isEmpty();
        assertThat(series.subList(0, 4)).isSameAs(series);
    }

    @Test
    void anIndexOutsideTheSeriesOrSubListIsRejected() {
        BarSeries middle = BarSeries.of(List.of(d2, d3, d6, d7)).subList(1, 3);

        assertThatThrownBy(() -> middle.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> middle.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> middle.subList(1, 3)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> middle.subList(2, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aSnapshotKeepsASeriesAsItIsAndCopiesAndChecksAnyOtherList() {
        BarSeries window = BarSeries.of(List.of(d2, d3, d6, d7)).subList(1, 4);
        List<DailyBar> plain = new ArrayList<>(List.of(d2, d3));

        MarketSnapshot kept = new MarketSnapshot(Instrument.equity("NVDA"), window, null, "replay", AS_OF);
        MarketSnapshot copied = new MarketSnapshot(Instrument.equity("NVDA"), plain, null, "replay", AS_OF);
        plain.add(d6);

        assertThat(kept.bars()).isSameAs(window);
        assertThat(copied.bars()).containsExactly(d2, d3);
        assertThat(kept).isEqualTo(new MarketSnapshot(Instrument.equity("NVDA"), List.of(d3, d6, d7), null, "replay", AS_OF));
        assertThatThrownBy(() -> new MarketSnapshot(Instrument.equity("NVDA"), List.of(d3, d2), null, "replay", AS_OF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bars of NVDA are not in strictly increasing date order at 2025-01-02");
    }
}
