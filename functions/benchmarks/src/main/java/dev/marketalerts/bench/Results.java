package dev.marketalerts.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * Appends measured figures to the results file bench/run.sh summarises ({@code -Dbench.results=FILE}, tab-separated:
 * part, figure, value, unit, budget, verdict, note), and prints each as it is measured.
 */
public final class Results {
    private Results() {
    }

    public static void row(String part, String figure, double value, String unit, String budget, String verdict, String note) {
        String line = String.join("\t", part, figure, format(value), unit, budget, verdict, note);
        System.out.println("RESULT " + line);
        String file = System.getProperty("bench.results");
        if (file == null || file.isBlank()) {
            return;
        }
        try {
            Path path = Path.of(file);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            Files.writeString(path, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** A figure without a budget of its own. */
    public static void info(String part, String figure, double value, String unit, String note) {
        row(part, figure, value, unit, "-", "-", note);
    }

    public static String verdict(boolean pass) {
        return pass ? "PASS" : "FAIL";
    }

    public static String format(double v) {
        if (Math.abs(v) >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** The nearest-rank percentile of {@code values} (0 < p <= 100). */
    public static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
