package dev.marketalerts.cli.backtest;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.marketdata.replay.ReplayMarketData;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What happened after each alert: the close of the last session at or before the alert ({@code price}) and the
 * close {@code N} sessions later over it, minus 1, for {@link #HORIZONS}. A return is null beyond the data.
 */
public record ForwardReturns(Alert alert, BigDecimal price, List<BigDecimal> returns) {
    public static final List<Integer> HORIZONS = List.of(1, 5, 20);
    public static final String CSV_HEADER = "id,rule,symbol,kind,triggered_at,price,return_1d,return_5d,return_20d";
    private static final MathContext PRECISION = new MathContext(20, RoundingMode.HALF_EVEN);

    public ForwardReturns {
        returns = java.util.Collections.unmodifiableList(new ArrayList<>(returns));
    }

    /** One row per alert; {@code bars} gives a symbol's bars, oldest first, and {@code markets} its market. */
    public static List<ForwardReturns> of(List<Alert> alerts, Function<String, List<DailyBar>> bars, Map<String, Market> markets) {
        List<ForwardReturns> rows = new ArrayList<>();
        for (Alert a : alerts) {
            List<DailyBar> series = bars.apply(a.symbol());
            Market market = markets.getOrDefault(a.symbol(), Market.US_EQUITY);
            int at = lastClosedBy(series, market, a);
            if (at < 0) {
                rows.add(new ForwardReturns(a, null, Arrays.asList(new BigDecimal[HORIZONS.size()])));
                continue;
            }
            BigDecimal price = series.get(at).close();
            List<BigDecimal> returns = new ArrayList<>();
            for (int n : HORIZONS) {
                returns.add(at + n < series.size() ? series.get(at + n).close().divide(price, PRECISION).subtract(BigDecimal.ONE) : null);
            }
            rows.add(new ForwardReturns(a, price, returns));
        }
        return rows;
    }

    private static int lastClosedBy(List<DailyBar> series, Market market, Alert a) {
        return ReplayMarketData.visibleCount(series, market, a.triggeredAt()) - 1;
    }

    /** The CSV line of this row (returns with 6 decimals, empty when unknown). */
    public String csvLine() {
        StringBuilder b = new StringBuilder();
        b.append(csv(alert.id())).append(',').append(csv(alert.rule())).append(',').append(csv(alert.symbol())).append(',')
                .append(alert.kind().wireName()).append(',').append(alert.triggeredAt()).append(',')
                .append(price == null ? "" : price.toPlainString());
        for (BigDecimal r : returns) {
            b.append(',').append(r == null ? "" : r.setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        }
        return b.toString();
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** Mean, median and share above 0 of the known returns at one horizon; null fields when there are none. */
    public record Stats(int count, Double mean, Double median, Double hitRate) {
        public static Stats of(List<ForwardReturns> rows, int horizonIndex) {
            double[] values = rows.stream().map(r -> r.returns().get(horizonIndex)).filter(java.util.Objects::nonNull)
                    .mapToDouble(BigDecimal::doubleValue).sorted().toArray();
            if (values.length == 0) {
                return new Stats(0, null, null, null);
            }
            double mean = Arrays.stream(values).average().orElseThrow();
            int mid = values.length / 2;
            double median = values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
            double hits = Arrays.stream(values).filter(v -> v > 0).count();
            return new Stats(values.length, mean, median, hits / values.length);
        }

        public String meanText() {
            return mean == null ? "-" : percent(mean);
        }

        public String medianText() {
            return median == null ? "-" : percent(median);
        }

        public String hitText() {
            return hitRate == null ? "-" : String.format(Locale.ROOT, "%.0f%%", hitRate * 100);
        }

        private static String percent(double v) {
            return String.format(Locale.ROOT, "%+.1f%%", v * 100);
        }
    }
}
