package dev.marketalerts.cli.backtest;

import dev.marketalerts.core.market.DailyBar;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The indicators a report draws over the closes: {@code sma(n)}, {@code ema(n)} and the Bollinger bands
 * ({@code bb_lower(n,k)} brings {@code bb_upper(n,k)} along, and the other way round), computed over the whole history
 * so that the first bars of the range have their values.
 */
final class Indicators {
    private static final Pattern AVERAGE = Pattern.compile("(sma|ema)\\((\\d+)\\)");
    private static final Pattern BAND = Pattern.compile("bb_(lower|upper)\\((\\d+), ?([0-9.]+)\\)");

    private Indicators() {
    }

    /** Per indicator name, its value at each of {@code bars} (NaN before enough history). */
    static Map<String, double[]> lines(List<String> names, List<DailyBar> history, List<DailyBar> bars) {
        Map<String, double[]> out = new LinkedHashMap<>();
        if (bars.isEmpty()) {
            return out;
        }
        double[] closes = history.stream().mapToDouble(b -> b.close().doubleValue()).toArray();
        int offset = history.indexOf(bars.get(0));
        if (offset < 0) {
            return out;
        }
        for (String name : names) {
            Matcher avg = AVERAGE.matcher(name);
            Matcher band = BAND.matcher(name);
            if (avg.matches()) {
                int n = Integer.parseInt(avg.group(2));
                out.putIfAbsent(name, slice(avg.group(1).equals("sma") ? sma(closes, n) : ema(closes, n), offset, bars.size()));
            } else if (band.matches()) {
                int n = Integer.parseInt(band.group(2));
                double k = Double.parseDouble(band.group(3));
                String args = "(" + n + "," + band.group(3) + ")";
                out.putIfAbsent("bb_upper" + args, slice(band(closes, n, k), offset, bars.size()));
                out.putIfAbsent("bb_lower" + args, slice(band(closes, n, -k), offset, bars.size()));
            }
        }
        return out;
    }

    private static double[] slice(double[] all, int offset, int length) {
        return Arrays.copyOfRange(all, offset, Math.min(all.length, offset + length));
    }

    static double[] sma(double[] c, int n) {
        double[] out = new double[c.length];
        double sum = 0;
        for (int i = 0; i < c.length; i++) {
            sum += c[i] - (i >= n ? c[i - n] : 0);
            out[i] = i >= n - 1 ? sum / n : Double.NaN;
        }
        return out;
    }

    /** Seeded with the mean of the first n closes, then smoothed by 2 / (n + 1). */
    static double[] ema(double[] c, int n) {
        double[] out = sma(c, n);
        double alpha = 2.0 / (n + 1);
        for (int i = n; i < c.length; i++) {
            out[i] = out[i - 1] + alpha * (c[i] - out[i - 1]);
        }
        return out;
    }

    /** sma(n) plus k population standard deviations of the last n closes. */
    static double[] band(double[] c, int n, double k) {
        double[] mean = sma(c, n);
        double[] out = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            if (Double.isNaN(mean[i])) {
                out[i] = Double.NaN;
                continue;
            }
            double ss = 0;
            for (int j = i - n + 1; j <= i; j++) {
                ss += (c[j] - mean[i]) * (c[j] - mean[i]);
            }
            out[i] = mean[i] + k * Math.sqrt(ss / n);
        }
        return out;
    }
}
