package dev.marketalerts.core.rules;

import dev.marketalerts.core.market.DailyBar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recursive indicators (ema, rsi, macd, atr) of one symbol as they stood after the sessions before the last tick,
 * kept from tick to tick so that the next session's value continues the recursion instead of running its window
 * again. An indicator's window starts on the first session of a month (see {@code EvalScope.recursionStart}), so for
 * a month of sessions each tick adds one or two bars. A kept state is used only when the tick's bars from the window's
 * start are the bars the state took in (the same objects, as a replay serves them, or equal ones), so revised data
 * starts afresh.
 */
public final class RunningIndicators {
    private final List<Kept> kept = new ArrayList<>();
    private long taken;

    /** The state of {@code metric} after bars {@code first} to {@code last - 1}, or null when one of them leaves it unknown. */
    synchronized Recursion through(Metric.Recursive metric, DailyBar[] bars, int first, int last) {
        Kept k = find(metric);
        Recursion run;
        int next;
        if (k.run != null && k.size <= last - first && k.sameBars(bars, first)) {
            run = k.run.copy();
            next = first + k.size;
        } else {
            run = metric.start();
            next = first;
            k.size = 0;
        }
        k.run = null;
        for (int i = next; i < last; i++) {
            DailyBar bar = bars[i];
            taken++;
            if (!run.add(bar, bar.close())) {
                return null;
            }
            k.append(bar);
        }
        k.run = run.copy();
        return run;
    }

    /** How many bars the indicators have taken in so far, for tests that the kept states spare the window passes. */
    synchronized long barsTakenIn() {
        return taken;
    }

    private Kept find(Metric.Recursive metric) {
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

    /** One indicator's state and the bars it took in, from its window's start. */
    private static final class Kept {
        final Metric.Recursive metric;
        DailyBar[] bars = new DailyBar[16];
        int size;
        Recursion run;

        Kept(Metric.Recursive metric) {
            this.metric = metric;
        }

        /** Whether the bars from {@code first} on are the ones taken in: the same objects (a replay), or equal ones. */
        boolean sameBars(DailyBar[] held, int first) {
            return Arrays.equals(bars, 0, size, held, first, first + size);
        }

        void append(DailyBar bar) {
            if (size == bars.length) {
                bars = Arrays.copyOf(bars, 2 * size);
            }
            bars[size++] = bar;
        }
    }
}
