package dev.marketalerts.core.rules;

import dev.marketalerts.core.market.DailyBar;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The windowed indicators of one symbol (the recursive ema, rsi, macd and atr, and the sums of sma) as they stood
 * after the sessions before the last tick, kept from tick to tick so that the next session's value continues them
 * instead of running the window again. A recursive indicator's window starts on the first session of a month (see
 * {@code EvalScope.recursionStart}), so for a month of sessions each tick adds one or two bars; an sma's sum drops the
 * bars that left its window and adds the new ones. A kept state is used only on bars equal to the ones it took in
 * (the same objects, as a replay serves them, or equal ones, as a live re-fetch gives): each tick's bars are compared
 * once with the last tick's over the span the states cover, and a state covering a bar that differs is dropped.
 */
public final class RunningIndicators {
    private static final int SCALES = 64;
    private final List<Kept> kept = new ArrayList<>();
    /** The bars of the tick the kept states' positions refer to. */
    private DailyBar[] bars;
    private long taken;

    /** The state of {@code metric} after bars {@code first} to {@code last - 1}, or null when one of them leaves it unknown. */
    synchronized Recursion through(Metric.Recursive metric, DailyBar[] held, int first, int last) {
        align(held);
        Kept k = find(metric);
        Recursion run;
        int next;
        if (k.run != null && k.first == first && k.size <= last - first) {
            run = k.run.copy();
            next = first + k.size;
        } else {
            run = metric.start();
            next = first;
        }
        k.run = null;
        for (int i = next; i < last; i++) {
            DailyBar bar = held[i];
            taken++;
            if (!run.add(bar, bar.close())) {
                return null;
            }
        }
        k.first = first;
        k.size = last - first;
        k.run = run.copy();
        return run;
    }

    /**
     * The sum of the closes of bars {@code first} to {@code last - 1}, exact and with the scale a sum of them from zero
     * has (the largest of their scales and 0), or null when one of them has no close.
     */
    synchronized BigDecimal sum(Metric.Sma metric, DailyBar[] held, int first, int last) {
        align(held);
        Kept k = find(metric);
        Sum sum = k.sum;
        k.sum = null;
        int from = k.first;
        int to = k.first + k.size;
        if (sum == null || from > first || to < first || to > last) {
            sum = new Sum();
            from = first;
            to = first;
        }
        for (int i = from; i < first; i++) {
            sum.drop(held[i].close());
        }
        for (int i = to; i < last; i++) {
            taken++;
            if (!sum.add(held[i].close())) {
                return null;
            }
        }
        k.first = first;
        k.size = last - first;
        k.sum = sum;
        return sum.value();
    }

    /** How many bars the indicators have taken in so far, for tests that the kept states spare the window passes. */
    synchronized long barsTakenIn() {
        return taken;
    }

    /**
     * Moves the kept states' positions onto {@code held}, a tick's bars, dropping every state whose bars are not all
     * equal there: one comparison of the span the states cover, whatever the number of states.
     */
    private void align(DailyBar[] held) {
        if (held == bars) {
            return;
        }
        DailyBar[] before = bars;
        bars = held;
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (Kept k : kept) {
            if (k.live()) {
                lo = Math.min(lo, k.first);
                hi = Math.max(hi, k.first + k.size);
            }
        }
        if (before == null || lo >= hi) {
            for (Kept k : kept) {
                k.drop();
            }
            return;
        }
        int at = indexOf(held, before[lo]);
        int same = 0;
        if (at >= 0) {
            int span = Math.min(hi - lo, held.length - at);
            while (same < span && (held[at + same] == before[lo + same] || held[at + same].equals(before[lo + same]))) {
                same++;
            }
        }
        for (Kept k : kept) {
            if (k.live() && at >= 0 && k.first + k.size - lo <= same) {
                k.first = k.first - lo + at;
            } else {
                k.drop();
            }
        }
    }

    /** The index of the bar dated as {@code bar} in {@code held} (dates increase), or -1. */
    private static int indexOf(DailyBar[] held, DailyBar bar) {
        int lo = 0;
        int hi = held.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = held[mid].date().compareTo(bar.date());
            if (c == 0) {
                return mid;
            }
            if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return -1;
    }

    private Kept find(Metric metric) {
        for (Kept k : kept) {
            if (k.metric == metric) {
                return k;
            }
        }
        for (Kept k : kept) {
            if (k.metric.equals(metric)) {
                return k;
            }
        }
        Kept k = new Kept(metric);
        kept.add(k);
        return k;
    }

    /** One indicator's state and the bars it covers: {@code size} bars from {@code first} of {@link #bars}. */
    private static final class Kept {
        final Metric metric;
        int first;
        int size;
        Recursion run;
        Sum sum;

        Kept(Metric metric) {
            this.metric = metric;
        }

        boolean live() {
            return (run != null || sum != null) && size > 0;
        }

        void drop() {
            run = null;
            sum = null;
            size = 0;
        }
    }

    /** An exact running sum of closes that knows the largest scale among them, so that bars can leave it. */
    private static final class Sum {
        private BigDecimal total = BigDecimal.ZERO;
        private final int[] scales = new int[SCALES];

        boolean add(BigDecimal close) {
            if (close == null || close.scale() >= SCALES) {
                return false;
            }
            total = total.add(close);
            scales[Math.max(0, close.scale())]++;
            return true;
        }

        void drop(BigDecimal close) {
            total = total.subtract(close);
            scales[Math.max(0, close.scale())]--;
        }

        /** The sum with the scale adding the same closes to zero gives: the largest of theirs, at least 0. */
        BigDecimal value() {
            int scale = SCALES - 1;
            while (scale > 0 && scales[scale] == 0) {
                scale--;
            }
            return total.scale() == scale ? total : total.setScale(scale, RoundingMode.UNNECESSARY);
        }
    }
}
