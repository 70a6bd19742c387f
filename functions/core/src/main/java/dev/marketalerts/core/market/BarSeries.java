package dev.marketalerts.core.market;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable list of daily bars in strictly increasing date order, checked once when it is made: a
 * {@link MarketSnapshot} takes it (and any {@link #subList} of it) as it is, where another list is copied and checked
 * again. A replay serves a window of the same years of bars at every tick of a backtest, so the check is made when
 * the file is loaded rather than at each tick.
 */
public final class BarSeries extends AbstractList<DailyBar> implements RandomAccess {
    private static final BarSeries EMPTY = new BarSeries(new DailyBar[0], 0, 0);

    private final DailyBar[] bars;
    private final int from;
    private final int size;

    private BarSeries(DailyBar[] bars, int from, int size) {
        this.bars = bars;
        this.from = from;
        this.size = size;
    }

    /**
     * The bars of {@code bars} in their order.
     *
     * @throws IllegalArgumentException when two bars are not in strictly increasing date order
     * @throws NullPointerException when a bar is null
     */
    public static BarSeries of(List<DailyBar> bars) {
        if (bars instanceof BarSeries series) {
            return series;
        }
        DailyBar[] copy = bars.toArray(new DailyBar[0]);
        for (int i = 0; i < copy.length; i++) {
            Objects.requireNonNull(copy[i], "bar");
            if (i > 0 && !copy[i - 1].date().isBefore(copy[i].date())) {
                throw new IllegalArgumentException("bars are not in strictly increasing date order at " + copy[i].date());
            }
        }
        return copy.length == 0 ? EMPTY : new BarSeries(copy, 0, copy.length);
    }

    @Override
    public DailyBar get(int index) {
        // a plain test rather than Objects.checkIndex, which the quick JIT tier the alerts script uses does not inline
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("Index " + index + " out of bounds for length " + size);
        }
        return bars[from + index];
    }

    @Override
    public int size() {
        return size;
    }

    /** The bars from {@code fromIndex} (inclusive) to {@code toIndex} (exclusive), sharing this series' array. */
    @Override
    public BarSeries subList(int fromIndex, int toIndex) {
        Objects.checkFromToIndex(fromIndex, toIndex, size);
        return fromIndex == 0 && toIndex == size ? this : new BarSeries(bars, from + fromIndex, toIndex - fromIndex);
    }
}
