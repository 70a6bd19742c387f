package dev.marketalerts.cli.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HtmlReportTest {

    @ParameterizedTest
    @CsvSource({"123.44, 123.4", "123.45, 123.5", "120.0, 120", "0.04, 0", "-0.04, 0", "-2.35, -2.3", "0.5, 0.5", "-0.5, -0.5"})
    void coordinatesAreWrittenToATenthWithoutATrailingZero(double value, String written) {
        assertThat(HtmlReport.n(value)).isEqualTo(written);
    }

    @Test
    void aPathsStepsAddUpToEveryRoundedPoint() {
        SplittableRandom random = new SplittableRandom(7);
        List<double[]> pts = new ArrayList<>();
        double y = 150;
        for (int i = 0; i < 2000; i++) {
            y = Math.max(28, Math.min(260, y + random.nextGaussian() * 3));
            pts.add(new double[] {68 + i * 0.43, y});
        }

        List<double[]> drawn = points(HtmlReport.path(pts));

        assertThat(drawn).hasSameSizeAs(pts);
        for (int i = 0; i < pts.size(); i++) {
            assertThat(Math.round(drawn.get(i)[0] * 10)).as("x of point %d", i).isEqualTo(Math.round(pts.get(i)[0] * 10));
            assertThat(Math.round(drawn.get(i)[1] * 10)).as("y of point %d", i).isEqualTo(Math.round(pts.get(i)[1] * 10));
        }
    }

    @Test
    void aSimplifiedLineStaysWithinItsToleranceAndKeepsItsEnds() {
        List<double[]> line = new ArrayList<>();
        for (int i = 0; i < 872; i++) {
            line.add(new double[] {68 + i, 150 + 60 * Math.sin(i / 90.0) + (i % 97 == 0 ? 5 : 0)});
        }

        List<double[]> kept = HtmlReport.simplify(line, 0.3);

        assertThat(kept.size()).isLessThan(line.size() / 3);
        assertThat(kept.get(0)).isSameAs(line.get(0));
        assertThat(kept.get(kept.size() - 1)).isSameAs(line.get(line.size() - 1));
        for (double[] p : line) {
            assertThat(distanceToPolyline(p, kept)).isLessThanOrEqualTo(0.3 + 1e-9);
        }
        assertThat(kept).anySatisfy(p -> assertThat(p[0]).isEqualTo(68 + 97));
    }

    /** The absolute points of a path written as {@code M x y l dx dy dx dy ...}. */
    private static List<double[]> points(String d) {
        Matcher m = Pattern.compile("-?(\\d+\\.?\\d*|\\.\\d+)").matcher(d);
        List<Double> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(Double.parseDouble(m.group()));
        }
        List<double[]> out = new ArrayList<>();
        double x = numbers.get(0);
        double y = numbers.get(1);
        out.add(new double[] {x, y});
        for (int i = 2; i + 1 < numbers.size(); i += 2) {
            x += numbers.get(i);
            y += numbers.get(i + 1);
            out.add(new double[] {x, y});
        }
        return out;
    }

    private static double distanceToPolyline(double[] p, List<double[]> line) {
        double best = Double.MAX_VALUE;
        for (int i = 1; i < line.size(); i++) {
            double[] a = line.get(i - 1);
            double[] b = line.get(i);
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
            best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
        }
        return best;
    }
}
