package dev.marketalerts.core.rules;

import dev.marketalerts.core.market.DailyBar;
import java.math.BigDecimal;

/**
 * The running state of a recursive indicator after the bars of its window taken in so far, oldest first. Copied, it
 * lets {@link RunningIndicators} continue the next session's value where this one stopped, with exactly the arithmetic a
 * pass from the window's start would do.
 */
abstract class Recursion {

    /** Takes in the next bar, {@code close} being its close (the current price for the current session's bar); false when the value is unknown. */
    abstract boolean add(DailyBar bar, BigDecimal close);

    /** The value after the bars taken in, or null when they are too few. */
    abstract BigDecimal value();

    abstract Recursion copy();

    /** {@code ema(n)}: the running sum of the first n closes, their mean, then one EMA step a close. */
    static final class Ema extends Recursion {
        private final int n;
        private final BigDecimal alpha;
        private int k;
        private BigDecimal ema = BigDecimal.ZERO;

        Ema(int n) {
            this.n = n;
            this.alpha = Metric.alpha(n);
        }

        private Ema(Ema other) {
            n = other.n;
            alpha = other.alpha;
            k = other.k;
            ema = other.ema;
        }

        @Override
        boolean add(DailyBar bar, BigDecimal close) {
            if (close == null) {
                return false;
            }
            k++;
            ema = Metric.emaSeeded(ema, close, k, n, alpha);
            return true;
        }

        @Override
        BigDecimal value() {
            return k < n ? null : ema;
        }

        @Override
        Recursion copy() {
            return new Ema(this);
        }
    }

    /**
     * Wilder's smoothing over the bars after the first: each bar gives its values against the close before it, the first
     * average is the mean of the first n, each later one {@code (average * (n - 1) + x) / n}.
     */
    abstract static class Wilder extends Recursion {
        final int n;
        final BigDecimal count;
        final BigDecimal keep;
        boolean started;
        BigDecimal previousClose;
        int k;

        Wilder(int n) {
            this.n = n;
            this.count = BigDecimal.valueOf(n);
            this.keep = BigDecimal.valueOf(n - 1L);
        }

        Wilder(Wilder other) {
            n = other.n;
            count = other.count;
            keep = other.keep;
            started = other.started;
            previousClose = other.previousClose;
            k = other.k;
        }

        /** The next average of {@code running} after value {@code x}, the k-th. */
        BigDecimal smooth(BigDecimal running, BigDecimal x) {
            return Metric.wilder(running, x, k, n, count, keep);
        }
    }

    /** {@code rsi(n)}: Wilder's averages of the gains and losses of the closes after the first. */
    static final class Rsi extends Wilder {
        private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
        private BigDecimal gain = BigDecimal.ZERO;
        private BigDecimal loss = BigDecimal.ZERO;

        Rsi(int n) {
            super(n);
        }

        private Rsi(Rsi other) {
            super(other);
            gain = other.gain;
            loss = other.loss;
        }

        @Override
        boolean add(DailyBar bar, BigDecimal close) {
            if (close == null) {
                return false;
            }
            if (started) {
                BigDecimal change = close.subtract(previousClose);
                k++;
                gain = smooth(gain, change.signum() > 0 ? change : BigDecimal.ZERO);
                loss = smooth(loss, change.signum() < 0 ? change.negate() : BigDecimal.ZERO);
            }
            started = true;
            previousClose = close;
            return true;
        }

        @Override
        BigDecimal value() {
            if (k < n) {
                return null;
            }
            if (loss.signum() == 0) {
                return HUNDRED;
            }
            BigDecimal rs = gain.divide(loss, EvalScope.MC);
            return HUNDRED.subtract(HUNDRED.divide(BigDecimal.ONE.add(rs), EvalScope.MC), EvalScope.MC);
        }

        @Override
        Recursion copy() {
            return new Rsi(this);
        }
    }

    /** {@code macd_signal} and {@code macd_hist}: ema(fast) and ema(slow) from the start, their difference from the slow-th close, its EMA. */
    static final class MacdSignal extends Recursion {
        private final int fast;
        private final int slow;
        private final int signal;
        private final boolean histogram;
        private final BigDecimal alphaFast;
        private final BigDecimal alphaSlow;
        private final BigDecimal alphaSignal;
        private int k;
        private BigDecimal emaFast = BigDecimal.ZERO;
        private BigDecimal emaSlow = BigDecimal.ZERO;
        private BigDecimal line;
        private BigDecimal sig = BigDecimal.ZERO;

        MacdSignal(int fast, int slow, int signal, boolean histogram) {
            this.fast = fast;
            this.slow = slow;
            this.signal = signal;
            this.histogram = histogram;
            this.alphaFast = Metric.alpha(fast);
            this.alphaSlow = Metric.alpha(slow);
            this.alphaSignal = Metric.alpha(signal);
        }

        private MacdSignal(MacdSignal other) {
            fast = other.fast;
            slow = other.slow;
            signal = other.signal;
            histogram = other.histogram;
            alphaFast = other.alphaFast;
            alphaSlow = other.alphaSlow;
            alphaSignal = other.alphaSignal;
            k = other.k;
            emaFast = other.emaFast;
            emaSlow = other.emaSlow;
            line = other.line;
            sig = other.sig;
        }

        @Override
        boolean add(DailyBar bar, BigDecimal close) {
            if (close == null) {
                return false;
            }
            k++;
            emaFast = Metric.emaSeeded(emaFast, close, k, fast, alphaFast);
            emaSlow = Metric.emaSeeded(emaSlow, close, k, slow, alphaSlow);
            if (k >= slow) {
                line = emaFast.subtract(emaSlow, EvalScope.MC);
                sig = Metric.emaSeeded(sig, line, k - slow + 1, signal, alphaSignal);
            }
            return true;
        }

        @Override
        BigDecimal value() {
            if (k < slow + signal - 1) {
                return null;
            }
            return histogram ? line.subtract(sig, EvalScope.MC) : sig;
        }

        @Override
        Recursion copy() {
            return new MacdSignal(this);
        }
    }

    /**
     * {@code atr(n)}: Wilder's average of the true ranges of the bars after the first, each against the close before
     * it. The last bar's own close is not read (the current price may be unknown while its range is).
     */
    static final class Atr extends Wilder {
        private BigDecimal atr = BigDecimal.ZERO;

        Atr(int n) {
            super(n);
        }

        private Atr(Atr other) {
            super(other);
            atr = other.atr;
        }

        @Override
        boolean add(DailyBar bar, BigDecimal close) {
            if (started) {
                if (bar.high() == null || bar.low() == null || previousClose == null) {
                    return false;
                }
                BigDecimal range = bar.high().subtract(bar.low())
                        .max(bar.high().subtract(previousClose).abs())
                        .max(bar.low().subtract(previousClose).abs());
                k++;
                atr = smooth(atr, range);
            }
            started = true;
            previousClose = close;
            return true;
        }

        @Override
        BigDecimal value() {
            return k < n ? null : atr;
        }

        @Override
        Recursion copy() {
            return new Atr(this);
        }
    }
}
