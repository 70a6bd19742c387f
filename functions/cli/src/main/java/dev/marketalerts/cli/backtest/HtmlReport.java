package dev.marketalerts.cli.backtest;

import dev.marketalerts.cli.common.AlertLines;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The backtest report: one self-contained HTML page (inline CSS and SVG, nothing fetched) with, per
 * symbol, a chart of daily closes marking where alerts fired and where earnings fell, then the alert
 * table and the per-rule summary. All text from data is escaped.
 */
public final class HtmlReport {
    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 68;
    private static final int RIGHT = 20;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;
    private static final int OPEN_ROWS = 25;
    private static final int MAX_ROWS = 200;
    /**
     * Beyond this many alerts a chart draws its markers without a tooltip each (one path per kind, its title counting
     * them): years of alerts would otherwise weigh megabytes, and their markers overlap anyway. The tables list them.
     */
    static final int DETAILED_MARKERS = 60;
    /** How far (in chart pixels) a simplified indicator line may stray from the one through every pixel column. */
    private static final double LINE_TOLERANCE = 0.3;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    /**
     * What one symbol's chart shows: its bars in range, its earnings reports in range, its alerts, and a note
     * about where the data comes from (the data file's comment line; may be null).
     */
    public record Chart(Instrument instrument, List<DailyBar> bars, List<EarningsEvent> earnings, List<Alert> alerts, String note,
                        List<DailyBar> history, List<Level> levels, List<String> indicators) {
        public Chart {
            bars = List.copyOf(bars);
            earnings = List.copyOf(earnings);
            alerts = List.copyOf(alerts);
            history = List.copyOf(history);
            levels = List.copyOf(levels);
            indicators = List.copyOf(indicators);
        }

        public Chart(Instrument instrument, List<DailyBar> bars, List<EarningsEvent> earnings, List<Alert> alerts, String note) {
            this(instrument, bars, earnings, alerts, note, bars, List.of(), List.of());
        }
    }

    /** A price level a rule compares with ({@code btc-80k}: 80000), drawn as a horizontal line. */
    public record Level(String rule, BigDecimal value) {
    }

    private HtmlReport() {
    }

    public static String render(String title, LocalDate from, LocalDate to, ZoneId zone, List<Chart> charts, List<Alert> alerts,
                                List<RuleSummary> summary, List<String> notes) {
        return render(title, from, to, zone, charts, alerts, summary, List.of(), notes);
    }

    public static String render(String title, LocalDate from, LocalDate to, ZoneId zone, List<Chart> charts, List<Alert> alerts,
                                List<RuleSummary> summary, List<RuleReturns> returns, List<String> notes) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<header><h1>").append(esc(title)).append("</h1><p class=\"sub\">")
                .append(esc(from + " to " + to + " · " + alerts.size() + " alert" + (alerts.size() == 1 ? "" : "s") + " · times in " + zone.getId()))
                .append("</p></header>\n");
        h.append("<div class=\"legend\">")
                .append("<span><i class=\"dot info\"></i>price alert</span>")
                .append("<span><i class=\"dot warning\"></i>warning</span>")
                .append("<span><i class=\"dot critical\"></i>critical</span>")
                .append("<span><i class=\"tri reminder\"></i>earnings reminder</span>")
                .append("<span><i class=\"tri surprise\"></i>earnings surprise</span>")
                .append("<span><i class=\"tri change\"></i>date change</span>")
                .append("<span><i class=\"vline\"></i>earnings report</span></div>\n");
        for (String note : notes) {
            h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
        for (Chart c : charts) {
            chart(h, c, from, to, zone);
        }
        alertTables(h, alerts, zone);
        summaryTable(h, summary, zone);
        returnsTable(h, returns);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void chart(StringBuilder h, Chart c, LocalDate from, LocalDate to, ZoneId zone) {
        Instrument inst = c.instrument();
        String heading = inst.name().equals(inst.symbol()) ? inst.symbol() : inst.symbol() + " · " + inst.name();
        h.append("<section class=\"card\">\n<h2>").append(esc(heading)).append(" <small>")
                .append(esc(inst.market().wireName() + " · " + c.alerts().size() + " alert" + (c.alerts().size() == 1 ? "" : "s")))
                .append("</small></h2>\n");
        if (c.note() != null && !c.note().isBlank()) {
            h.append("<p class=\"provenance\">").append(esc(c.note())).append("</p>\n");
        }
        long span = Math.max(1, ChronoUnit.DAYS.between(from, to));
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        X x = d -> LEFT + plotW * ChronoUnit.DAYS.between(from, d) / span;
        Map<String, double[]> lines = Indicators.lines(c.indicators(), c.history(), c.bars());
        double lo = Double.MAX_VALUE;
        double hi = -Double.MAX_VALUE;
        for (DailyBar b : c.bars()) {
            lo = Math.min(lo, b.close().doubleValue());
            hi = Math.max(hi, b.close().doubleValue());
        }
        if (c.bars().isEmpty()) {
            lo = 0;
            hi = 1;
        }
        boolean positive = lo >= 0;
        for (double[] line : lines.values()) {
            for (double v : line) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        double dataLo = lo;
        double dataHi = hi;
        for (Level l : c.levels()) {
            double v = l.value().doubleValue();
            if (v >= dataLo - (dataHi - dataLo) / 2 && v <= dataHi + (dataHi - dataLo) / 2) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double pad = Math.max((hi - lo) * 0.06, Math.abs(hi) * 0.01);
        double[] ticks = niceTicks(positive ? Math.max(0, lo - pad) : lo - pad, hi + pad);
        double yMin = ticks[0];
        double yMax = ticks[ticks.length - 1];
        Y y = v -> TOP + plotH * (yMax - v) / (yMax - yMin);

        h.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc("Daily closes of " + inst.symbol() + " with alerts")).append("\">\n");
        String format = tickFormat(ticks);
        for (double t : ticks) {
            h.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(n(y.at(t)))
                    .append("\" y2=\"").append(n(y.at(t))).append("\"/>")
                    .append("<text class=\"ylabel\" x=\"").append(LEFT - 8).append("\" y=\"").append(n(y.at(t) + 4)).append("\">")
                    .append(esc(label(t, format))).append("</text>\n");
        }
        if (!c.bars().isEmpty()) {
            LocalDate first = c.bars().get(0).date();
            LocalDate last = c.bars().get(c.bars().size() - 1).date();
            if (first.isAfter(from)) {
                noData(h, LEFT, x.at(first), plotH, "no data before " + first);
            }
            if (last.isBefore(to)) {
                noData(h, x.at(last), WIDTH - RIGHT, plotH, "no data after " + last);
            }
        }
        List<LocalDate> dateTicks = dateTicks(from, to, (int) (plotW / 64));
        boolean yearsOnly = dateTicks.size() > 1 && ChronoUnit.MONTHS.between(dateTicks.get(0), dateTicks.get(1)) >= 12;
        for (LocalDate d : dateTicks) {
            double px = x.at(d);
            h.append("<line class=\"tick\" x1=\"").append(n(px)).append("\" x2=\"").append(n(px)).append("\" y1=\"").append(n(TOP + plotH))
                    .append("\" y2=\"").append(n(TOP + plotH + 5)).append("\"/>")
                    .append("<text class=\"xlabel\" x=\"").append(n(px)).append("\" y=\"").append(n(TOP + plotH + 20)).append("\">")
                    .append(esc(yearsOnly ? String.valueOf(d.getYear()) : span > 75 ? MONTH.format(d) : DAY.format(d))).append("</text>\n");
        }
        h.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(n(TOP + plotH))
                .append("\" y2=\"").append(n(TOP + plotH)).append("\"/>\n");
        double labelsEnd = -1e9;
        for (EarningsEvent e : c.earnings()) {
            double px = x.at(e.date());
            String text = (c.earnings().size() > 4 ? "" : "earnings ") + DAY.format(e.date()) + (span > 400 ? " " + e.date().getYear() : "");
            String anchor = px > WIDTH - RIGHT - 60 ? "end" : px < LEFT + 60 ? "start" : "middle";
            // About 7 pixels a character of the bold 11px label: a label is drawn only clear of the one before it.
            double width = 7 * text.length();
            double start = anchor.equals("start") ? px : anchor.equals("end") ? px - width : px - width / 2;
            boolean labelled = start >= labelsEnd + 10;
            h.append("<g class=\"earnings").append(labelled ? "" : " thin").append("\"><title>").append(esc(earningsTooltip(e))).append("</title>")
                    .append("<path d=\"M").append(n(px)).append(' ').append(TOP - 6).append('V').append(n(TOP + plotH)).append("\"/>");
            if (labelled) {
                labelsEnd = start + width;
                h.append("<text x=\"").append(n(px)).append("\" y=\"").append(TOP - 10).append("\" text-anchor=\"").append(anchor).append("\">")
                        .append(esc(text)).append("</text>");
            }
            h.append("</g>\n");
        }
        if (!c.bars().isEmpty()) {
            List<double[]> pts = reduce(c.bars(), x, y);
            List<double[]> area = new ArrayList<>();
            int every = pts.size() > 600 ? 4 : 1;
            area.add(new double[] {pts.get(0)[0], TOP + plotH});
            for (int i = 0; i < pts.size(); i += every) {
                area.add(pts.get(i));
            }
            double[] end = pts.get(pts.size() - 1);
            area.add(end);
            area.add(new double[] {end[0], TOP + plotH});
            h.append("<path class=\"area\" d=\"").append(path(area)).append("Z\"/>\n");
            h.append("<path class=\"price\" d=\"").append(path(pts)).append("\"/>\n");
            int k = 0;
            double labelX = LEFT + 6;
            for (Map.Entry<String, double[]> ind : lines.entrySet()) {
                List<double[]> line = new ArrayList<>();
                double lastX = -1;
                double[] values = ind.getValue();
                for (int i = 0; i < values.length; i++) {
                    double px = x.at(c.bars().get(i).date());
                    if (Double.isNaN(values[i]) || (i + 1 < values.length && Math.floor(x.at(c.bars().get(i + 1).date())) == Math.floor(px))) {
                        continue;
                    }
                    if (px - lastX >= 1) {
                        line.add(new double[] {px, y.at(values[i])});
                        lastX = px;
                    }
                }
                h.append("<path class=\"ind i").append(k % 3).append("\" d=\"").append(path(simplify(line, LINE_TOLERANCE))).append("\"><title>")
                        .append(esc(ind.getKey())).append("</title></path>\n");
                h.append("<text class=\"indlabel i").append(k % 3).append("\" x=\"").append(n(labelX)).append("\" y=\"").append(TOP + 12)
                        .append("\">").append(esc("— " + ind.getKey())).append("</text>\n");
                labelX += 24 + 7 * ind.getKey().length();
                k++;
            }
        } else {
            h.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(n(TOP + plotH / 2)).append("\">")
                    .append("no price data in this range</text>\n");
        }
        for (Level l : c.levels()) {
            double v = l.value().doubleValue();
            String text = l.rule() + " " + label(v, "#,##0.########");
            if (v < yMin || v > yMax) {
                h.append("<text class=\"level off\" x=\"").append(WIDTH - RIGHT).append("\" y=\"").append(v > yMax ? TOP + 12 : n(TOP + plotH - 6))
                        .append("\">").append(esc(text + (v > yMax ? " (above the chart)" : " (below the chart)"))).append("</text>\n");
                continue;
            }
            h.append("<g class=\"level\"><line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(n(y.at(v)))
                    .append("\" y2=\"").append(n(y.at(v))).append("\"/><text x=\"").append(WIDTH - RIGHT - 4).append("\" y=\"").append(n(y.at(v) - 5))
                    .append("\">").append(esc(text)).append("</text></g>\n");
        }
        boolean detailed = c.alerts().size() <= DETAILED_MARKERS;
        Map<String, StringBuilder> dense = new java.util.TreeMap<>();
        Map<String, Integer> denseCounts = new java.util.TreeMap<>();
        Map<LocalDate, Integer> stacked = new HashMap<>();
        boolean ascending = ascending(c.bars());
        for (Alert a : c.alerts()) {
            String tip = AlertLines.time(a.triggeredAt(), zone) + "  " + a.kind().wireName() + "  " + a.title();
            if (a.kind() == AlertKind.PRICE) {
                // The data's as-of is the bar's close: 16:00 New York on the day, or 24:00 UTC (the next day's 00:00) for crypto.
                LocalDate day = a.source().asOf().minusNanos(1).atZone(inst.market().zone()).toLocalDate();
                DailyBar bar = ascending ? lastOnOrBefore(c.bars(), day) : barOn(c.bars(), day);
                double py = bar != null ? y.at(bar.close().doubleValue()) : TOP + 8;
                if (!detailed) {
                    String cls = "dots " + severityClass(a.severity());
                    dense.computeIfAbsent(cls, k -> new StringBuilder()).append('M').append(n(x.at(day))).append(' ').append(n(py)).append("h0");
                    denseCounts.merge(cls, 1, Integer::sum);
                    continue;
                }
                h.append("<g class=\"alert ").append(severityClass(a.severity())).append("\"><title>").append(esc(tip)).append("</title>")
                        .append("<circle cx=\"").append(n(x.at(day))).append("\" cy=\"").append(n(py)).append("\" r=\"6.5\"/></g>\n");
            } else {
                LocalDate day = a.triggeredAt().atZone(zone).toLocalDate();
                int level = stacked.merge(day, 1, Integer::sum) - 1;
                double px = x.at(day);
                double base = TOP + plotH - 4 - level * 13;
                if (!detailed) {
                    String cls = "alert " + kindClass(a.kind());
                    dense.computeIfAbsent(cls, k -> new StringBuilder()).append('M').append(n(px - 6)).append(' ').append(n(base)).append("h12l-6-11z");
                    denseCounts.merge(cls, 1, Integer::sum);
                    continue;
                }
                h.append("<g class=\"alert ").append(kindClass(a.kind())).append("\"><title>").append(esc(tip)).append("</title>")
                        .append("<polygon points=\"").append(n(px - 6)).append(',').append(n(base)).append(' ').append(n(px + 6)).append(',')
                        .append(n(base)).append(' ').append(n(px)).append(',').append(n(base - 11)).append("\"/></g>\n");
            }
        }
        dense.forEach((cls, d) -> h.append("<path class=\"").append(cls).append("\" d=\"").append(d).append("\"><title>")
                .append(esc(denseCounts.get(cls) + " " + denseLabel(cls) + " (too many to label one by one: the alert tables list them)"))
                .append("</title></path>\n"));
        h.append("</svg>\n</section>\n");
    }

    /** Alerts per rule, with counts per symbol; a rule's table is collapsed beyond {@link #OPEN_ROWS} rows and cut at {@link #MAX_ROWS}. */
    private static void alertTables(StringBuilder h, List<Alert> alerts, ZoneId zone) {
        h.append("<section class=\"card\">\n<h2>Alerts <small>").append(String.format(Locale.ROOT, "%,d", alerts.size()))
                .append(" per rule, in time order</small></h2>\n");
        if (alerts.isEmpty()) {
            h.append("<p>No alert fired in this range.</p>\n</section>\n");
            return;
        }
        Map<String, List<Alert>> byRule = new java.util.LinkedHashMap<>();
        alerts.forEach(a -> byRule.computeIfAbsent(a.rule(), r -> new ArrayList<>()).add(a));
        for (Map.Entry<String, List<Alert>> e : byRule.entrySet()) {
            List<Alert> mine = e.getValue();
            Map<String, Integer> perSymbol = new java.util.TreeMap<>();
            mine.forEach(a -> perSymbol.merge(a.symbol(), 1, Integer::sum));
            String symbols = perSymbol.size() <= 12
                    ? String.join(", ", perSymbol.entrySet().stream().map(x -> x.getKey() + " " + x.getValue()).toList())
                    : perSymbol.size() + " symbols";
            h.append("<details class=\"rule\"").append(mine.size() <= OPEN_ROWS ? " open" : "").append("><summary><b>").append(esc(e.getKey()))
                    .append("</b> ").append(String.format(Locale.ROOT, "%,d", mine.size())).append(mine.size() == 1 ? " alert" : " alerts")
                    .append(" <small>").append(esc(symbols)).append("</small></summary>\n<table>\n")
                    .append("<thead><tr><th>Time</th><th>Symbol</th><th>Kind</th><th>Severity</th><th>Alert</th></tr></thead>\n<tbody>\n");
            for (Alert a : mine.subList(0, Math.min(MAX_ROWS, mine.size()))) {
                h.append("<tr><td class=\"time\">").append(esc(AlertLines.time(a.triggeredAt(), zone))).append("</td><td><b>")
                        .append(esc(a.symbol())).append("</b></td><td>").append(esc(a.kind().wireName()))
                        .append("</td><td><span class=\"badge ").append(severityClass(a.severity())).append("\">").append(esc(a.severity().wireName()))
                        .append("</span></td><td>").append(esc(a.title())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
            if (mine.size() > MAX_ROWS) {
                h.append("<p class=\"note\">The first ").append(MAX_ROWS).append(" of ").append(String.format(Locale.ROOT, "%,d", mine.size()))
                        .append("; every alert is in the output, the --outbox and the --returns file.</p>\n");
            }
            h.append("</details>\n");
        }
        h.append("</section>\n");
    }

    private static void returnsTable(StringBuilder h, List<RuleReturns> rows) {
        if (rows.isEmpty()) {
            return;
        }
        h.append("<section class=\"card\">\n<h2>Forward returns <small>the close 1, 5 and 20 sessions after each alert over the last close "
                + "before it</small></h2>\n<table>\n<thead><tr><th>Rule</th><th class=\"num\">Alerts</th>");
        for (int n : ForwardReturns.HORIZONS) {
            h.append("<th class=\"num\">").append(n).append("d mean</th><th class=\"num\">median</th><th class=\"num\">hit rate</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        for (RuleReturns r : rows) {
            h.append("<tr").append(r.alerts() == 0 ? " class=\"quiet\"" : "").append("><td>").append(esc(r.rule())).append("</td><td class=\"num\">")
                    .append(r.alerts()).append("</td>");
            for (ForwardReturns.Stats st : r.stats()) {
                h.append("<td class=\"num\">").append(st.meanText()).append("</td><td class=\"num\">").append(st.medianText())
                        .append("</td><td class=\"num\">").append(st.hitText()).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void summaryTable(StringBuilder h, List<RuleSummary> rows, ZoneId zone) {
        h.append("<section class=\"card\">\n<h2>Per rule</h2>\n<table>\n")
                .append("<thead><tr><th>Rule</th><th>Symbol</th><th>Kind</th><th class=\"num\">Fired</th><th>First</th><th>Last</th></tr></thead>\n<tbody>\n");
        for (RuleSummary r : rows) {
            h.append("<tr").append(r.fired() == 0 ? " class=\"quiet\"" : "").append("><td>").append(esc(r.rule())).append("</td><td><b>")
                    .append(esc(r.symbol())).append("</b></td><td>").append(esc(r.kind())).append("</td><td class=\"num\">").append(r.fired())
                    .append("</td><td class=\"time\">").append(esc(r.first() == null ? "-" : AlertLines.time(r.first(), zone)))
                    .append("</td><td class=\"time\">").append(esc(r.last() == null ? "-" : AlertLines.time(r.last(), zone))).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static String earningsTooltip(EarningsEvent e) {
        StringBuilder b = new StringBuilder(e.symbol()).append(" earnings ").append(e.date()).append(", ").append(e.session().phrase());
        if (e.epsEstimate() != null) {
            b.append("; EPS estimate ").append(e.epsEstimate().toPlainString());
        }
        if (e.epsActual() != null) {
            b.append(", actual ").append(e.epsActual().toPlainString());
        }
        return b.toString();
    }

    /** Whether the bars' dates strictly increase, as a replay's do. */
    private static boolean ascending(List<DailyBar> bars) {
        for (int i = 1; i < bars.size(); i++) {
            if (!bars.get(i - 1).date().isBefore(bars.get(i).date())) {
                return false;
            }
        }
        return true;
    }

    /** {@link #barOn} of bars whose dates strictly increase, by binary search: a dense chart marks thousands of alerts. */
    private static DailyBar lastOnOrBefore(List<DailyBar> bars, LocalDate day) {
        int lo = 0;
        int hi = bars.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bars.get(mid).date().isAfter(day)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo == 0 ? null : bars.get(lo - 1);
    }

    /** The last bar of {@code bars} dated on or before {@code day}, in the list's order. */
    private static DailyBar barOn(List<DailyBar> bars, LocalDate day) {
        DailyBar found = null;
        for (DailyBar b : bars) {
            if (!b.date().isAfter(day)) {
                found = b;
            }
        }
        return found;
    }

    private static String severityClass(Severity s) {
        return s.wireName();
    }

    private static String kindClass(AlertKind k) {
        return switch (k) {
            case EARNINGS_REMINDER -> "reminder";
            case EARNINGS_SURPRISE -> "surprise";
            case EARNINGS_DATE_CHANGE -> "change";
            case PRICE -> "info";
            case HEALTH -> "health";
        };
    }

    /** Round steps (1, 2, 2.5, 5 times a power of ten) giving about five gridlines from at or below lo to at or above hi. */
    static double[] niceTicks(double lo, double hi) {
        double range = Math.max(hi - lo, Math.max(Math.abs(hi) * 1e-6, 1e-9));
        double raw = range / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag * 10;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        step = new BigDecimal(step).round(new java.math.MathContext(3)).doubleValue();
        long first = (long) Math.floor(lo / step + 1e-9);
        List<Double> out = new ArrayList<>();
        for (long i = first; out.isEmpty() || out.get(out.size() - 1) < hi - step * 1e-9; i++) {
            out.add(new BigDecimal(i * step).round(new java.math.MathContext(12)).doubleValue());
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The label pattern for the ticks: thousands separators and as many decimals as the step needs. */
    static String tickFormat(double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, new BigDecimal(step).round(new java.math.MathContext(3)).stripTrailingZeros().scale());
        return decimals == 0 ? "#,##0" : "#,##0." + "0".repeat(decimals);
    }

    static String label(double v, String pattern) {
        DecimalFormat f = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setRoundingMode(RoundingMode.HALF_UP);
        String text = f.format(v);
        return text.equals("-0") ? "0" : text;
    }

    /** First days of months, every 1, 2, 3, 6, 12, 24 or 60 months, at most {@code max} of them; days on short ranges. */
    static List<LocalDate> dateTicks(LocalDate from, LocalDate to, int max) {
        List<LocalDate> out = new ArrayList<>();
        long span = ChronoUnit.DAYS.between(from, to);
        if (span > 75) {
            LocalDate start = from.withDayOfMonth(1).plusMonths(from.getDayOfMonth() == 1 ? 0 : 1);
            long months = ChronoUnit.MONTHS.between(start, to) + 1;
            int every = 60;
            for (int m : new int[] {1, 2, 3, 6, 12, 24, 60}) {
                if (months / m <= max) {
                    every = m;
                    break;
                }
            }
            if (every >= 12) {
                start = LocalDate.of(from.getYear() + (from.getDayOfYear() == 1 ? 0 : 1), 1, 1);
                while (start.getYear() % (every / 12) != 0) {
                    start = start.plusYears(1);
                }
            }
            for (LocalDate d = start; !d.isAfter(to); d = d.plusMonths(every)) {
                out.add(d);
            }
        } else {
            long step = span > 28 ? 7 : span > 10 ? 2 : 1;
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(step)) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The closes as points, at most two per pixel column: where several bars share a column, the lowest and the
     * highest of them in time order, so spikes survive.
     */
    private static List<double[]> reduce(List<DailyBar> bars, X x, Y y) {
        List<double[]> pts = new ArrayList<>();
        int i = 0;
        while (i < bars.size()) {
            double px = x.at(bars.get(i).date());
            long column = (long) Math.floor(px);
            int j = i;
            int lo = i;
            int hi = i;
            while (j + 1 < bars.size() && (long) Math.floor(x.at(bars.get(j + 1).date())) == column) {
                j++;
                if (bars.get(j).close().compareTo(bars.get(lo).close()) < 0) {
                    lo = j;
                }
                if (bars.get(j).close().compareTo(bars.get(hi).close()) > 0) {
                    hi = j;
                }
            }
            if (i == j) {
                pts.add(new double[] {px, y.at(bars.get(i).close().doubleValue())});
            } else {
                int a = Math.min(lo, hi);
                int b = Math.max(lo, hi);
                pts.add(new double[] {column, y.at(bars.get(a).close().doubleValue())});
                if (a != b) {
                    pts.add(new double[] {column + 0.5, y.at(bars.get(b).close().doubleValue())});
                }
            }
            i = j + 1;
        }
        return pts;
    }

    private static void noData(StringBuilder h, double x1, double x2, double plotH, String text) {
        if (x2 - x1 < 1) {
            return;
        }
        h.append("<g class=\"nodata\"><rect x=\"").append(n(x1)).append("\" y=\"").append(TOP).append("\" width=\"").append(n(x2 - x1))
                .append("\" height=\"").append(n(plotH)).append("\"/>");
        if (x2 - x1 > 7 * text.length()) {
            h.append("<text x=\"").append(n((x1 + x2) / 2)).append("\" y=\"").append(n(TOP + plotH / 2)).append("\">").append(esc(text)).append("</text>");
        } else {
            h.append("<title>").append(esc(text)).append("</title>");
        }
        h.append("</g>\n");
    }

    /** {@code v} to a tenth, without a trailing {@code .0} (coordinates: a tenth of a chart pixel is below what shows). */
    static String n(double v) {
        long tenths = Math.round(v * 10);
        return tenths(tenths, false);
    }

    private static String tenths(long tenths, boolean dropLeadingZero) {
        StringBuilder b = new StringBuilder(8);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        long whole = tenths / 10;
        if (whole != 0 || !dropLeadingZero || tenths % 10 == 0) {
            b.append(whole);
        }
        if (tenths % 10 != 0) {
            b.append('.').append(tenths % 10);
        }
        return b.toString();
    }

    /**
     * An SVG path through {@code pts}: the first point absolute, then each as the step from the one before, in tenths
     * of a pixel worked out from the rounded points so that the steps add up to each point exactly.
     */
    static String path(List<double[]> pts) {
        StringBuilder d = new StringBuilder(pts.size() * 7);
        long px = Math.round(pts.get(0)[0] * 10);
        long py = Math.round(pts.get(0)[1] * 10);
        d.append('M').append(tenths(px, false)).append(' ').append(tenths(py, false));
        for (int i = 1; i < pts.size(); i++) {
            long qx = Math.round(pts.get(i)[0] * 10);
            long qy = Math.round(pts.get(i)[1] * 10);
            d.append(i == 1 ? "l" : qx - px < 0 ? "" : " ").append(tenths(qx - px, true));
            d.append(qy - py < 0 ? "" : " ").append(tenths(qy - py, true));
            px = qx;
            py = qy;
        }
        return d.toString();
    }

    /**
     * The points of {@code line} that keep it within {@code tolerance} pixels of itself (Ramer-Douglas-Peucker): a
     * moving average over years changes direction much less often than once a pixel.
     */
    static List<double[]> simplify(List<double[]> line, double tolerance) {
        if (line.size() < 3) {
            return line;
        }
        boolean[] keep = new boolean[line.size()];
        keep[0] = true;
        keep[line.size() - 1] = true;
        java.util.ArrayDeque<int[]> spans = new java.util.ArrayDeque<>();
        spans.push(new int[] {0, line.size() - 1});
        while (!spans.isEmpty()) {
            int[] span = spans.pop();
            double[] a = line.get(span[0]);
            double[] b = line.get(span[1]);
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double length = Math.hypot(dx, dy);
            int far = -1;
            double farthest = tolerance;
            for (int i = span[0] + 1; i < span[1]; i++) {
                double[] p = line.get(i);
                double distance = length == 0 ? Math.hypot(p[0] - a[0], p[1] - a[1]) : Math.abs(dy * (p[0] - a[0]) - dx * (p[1] - a[1])) / length;
                if (distance > farthest) {
                    farthest = distance;
                    far = i;
                }
            }
            if (far > 0) {
                keep[far] = true;
                spans.push(new int[] {span[0], far});
                spans.push(new int[] {far, span[1]});
            }
        }
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < line.size(); i++) {
            if (keep[i]) {
                out.add(line.get(i));
            }
        }
        return out;
    }

    private static String denseLabel(String cls) {
        return switch (cls) {
            case "alert reminder" -> "earnings reminders";
            case "alert surprise" -> "earnings surprises";
            case "alert change" -> "earnings date changes";
            case "alert health" -> "health alerts";
            default -> cls.replace("dots ", "") + " price alerts";
        };
    }

    /** Escapes text for HTML element content and attribute values. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    @FunctionalInterface
    private interface X {
        double at(LocalDate d);
    }

    @FunctionalInterface
    private interface Y {
        double at(double v);
    }

    private static final String CSS = """
            :root { --ink:#1f2937; --muted:#6b7280; --line:#2563eb; --bg:#f6f7fb; --card:#fff; --rule:#e5e7eb;
                    --info:#2563eb; --warning:#d97706; --critical:#dc2626; --reminder:#7c3aed; --surprise:#059669; --change:#ea580c; }
            * { box-sizing: border-box; }
            body { margin:0; background:var(--bg); color:var(--ink);
                   font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif; }
            main { max-width:1000px; margin:0 auto; padding:28px 20px 48px; }
            header h1 { margin:0 0 4px; font-size:24px; letter-spacing:-0.01em; }
            .sub { margin:0 0 14px; color:var(--muted); }
            .provenance { margin:0 0 6px; color:var(--muted); font-size:12px; }
            .note { margin:6px 0; color:var(--muted); font-size:13px; }
            .legend { display:flex; flex-wrap:wrap; gap:16px; margin:0 0 18px; color:var(--muted); font-size:13px; }
            .legend span { display:inline-flex; align-items:center; gap:6px; }
            .dot { width:11px; height:11px; border-radius:50%; display:inline-block; background:var(--info); }
            .dot.warning { background:var(--warning); } .dot.critical { background:var(--critical); }
            .tri { width:0; height:0; display:inline-block; border-left:6px solid transparent; border-right:6px solid transparent;
                   border-bottom:11px solid var(--reminder); }
            .tri.surprise { border-bottom-color:var(--surprise); } .tri.change { border-bottom-color:var(--change); }
            .vline { width:0; height:14px; display:inline-block; border-left:2px dashed #9ca3af; }
            .card { background:var(--card); border-radius:12px; box-shadow:0 1px 3px rgba(0,0,0,.08),0 4px 16px rgba(0,0,0,.04);
                    padding:16px 18px 10px; margin:0 0 18px; }
            .card h2 { margin:0 0 6px; font-size:17px; }
            .card h2 small { font-weight:400; color:var(--muted); font-size:13px; margin-left:6px; }
            svg { width:100%; height:auto; display:block; }
            svg text { font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif; fill:var(--muted); }
            .grid { stroke:var(--rule); stroke-width:1; } .axis { stroke:#9ca3af; stroke-width:1; } .tick { stroke:#9ca3af; }
            .ylabel { text-anchor:end; } .xlabel { text-anchor:middle; } .empty { text-anchor:middle; font-size:13px; }
            .price { fill:none; stroke:var(--line); stroke-width:2; stroke-linejoin:round; stroke-linecap:round; }
            .area { fill:var(--line); fill-opacity:.07; stroke:none; }
            .earnings path { fill:none; stroke:#9ca3af; stroke-width:1.5; stroke-dasharray:5 4; }
            .earnings text { font-weight:600; fill:#4b5563; }
            .alert circle, .alert polygon, path.alert { stroke:#fff; stroke-width:1.5; cursor:help; }
            .alert.info circle { fill:var(--info); } .alert.warning circle { fill:var(--warning); } .alert.critical circle { fill:var(--critical); }
            .alert.reminder polygon, path.alert.reminder { fill:var(--reminder); } .alert.surprise polygon, path.alert.surprise { fill:var(--surprise); }
            .alert.change polygon, path.alert.change { fill:var(--change); } .dots { cursor:help; }
            table { width:100%; border-collapse:collapse; margin:4px 0 8px; font-size:13px; }
            th { text-align:left; font-weight:600; color:var(--muted); border-bottom:1px solid var(--rule); padding:6px 8px; }
            td { border-bottom:1px solid var(--rule); padding:6px 8px; vertical-align:top; }
            tr:last-child td { border-bottom:none; }
            .num { text-align:right; } .time { white-space:nowrap; font-variant-numeric:tabular-nums; }
            tr.quiet td { color:#9ca3af; }
            .level line { stroke:#b45309; stroke-width:1.2; stroke-dasharray:7 4; } .level text, .level.off { fill:#b45309; text-anchor:end; font-weight:600; }
            .ind { fill:none; stroke-width:1.4; } .ind.i0 { stroke:#db2777; } .ind.i1 { stroke:#0d9488; } .ind.i2 { stroke:#7c3aed; stroke-dasharray:4 3; }
            .indlabel { font-weight:600; } .indlabel.i0 { fill:#db2777; } .indlabel.i1 { fill:#0d9488; } .indlabel.i2 { fill:#7c3aed; }
            .nodata rect { fill:#e5e7eb; fill-opacity:.55; } .nodata text { text-anchor:middle; fill:#6b7280; font-size:12px; }
            .earnings.thin path { stroke-width:1; stroke-dasharray:2 3; }
            .dots { fill:none; stroke-width:7; stroke-linecap:round; } .dots.info { stroke:var(--info); }
            .dots.warning { stroke:var(--warning); } .dots.critical { stroke:var(--critical); }
            details.rule { border-top:1px solid var(--rule); padding:6px 0; } details.rule summary { cursor:pointer; }
            details.rule summary small { color:var(--muted); margin-left:6px; }
            .badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; background:#eff6ff; color:var(--info); }
            .badge.warning { background:#fffbeb; color:var(--warning); } .badge.critical { background:#fef2f2; color:var(--critical); }
            """;
}
