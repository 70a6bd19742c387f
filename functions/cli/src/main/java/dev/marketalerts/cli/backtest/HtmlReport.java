package dev.marketalerts.cli.backtest;

import dev.marketalerts.cli.AlertLines;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.Instrument;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    /**
     * What one symbol's chart shows: its bars in range, its earnings reports in range, its alerts, and a note
     * about where the data comes from (the data file's comment line; may be null).
     */
    public record Chart(Instrument instrument, List<DailyBar> bars, List<EarningsEvent> earnings, List<Alert> alerts, String note) {
        public Chart {
            bars = List.copyOf(bars);
            earnings = List.copyOf(earnings);
            alerts = List.copyOf(alerts);
        }
    }

    private HtmlReport() {
    }

    public static String render(String title, LocalDate from, LocalDate to, ZoneId zone, List<Chart> charts, List<Alert> alerts,
                                List<RuleSummary> summary, List<String> notes) {
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
        alertTable(h, alerts, zone);
        summaryTable(h, summary, zone);
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
        BigDecimal min = null;
        BigDecimal max = null;
        for (DailyBar b : c.bars()) {
            min = min == null || b.close().compareTo(min) < 0 ? b.close() : min;
            max = max == null || b.close().compareTo(max) > 0 ? b.close() : max;
        }
        double lo = min == null ? 0 : min.doubleValue();
        double hi = max == null ? 1 : max.doubleValue();
        double pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 0.01);
        double[] ticks = niceTicks(lo - pad, hi + pad);
        double yMin = Math.min(lo - pad, ticks[0]);
        double yMax = Math.max(hi + pad, ticks[ticks.length - 1]);
        X x = d -> LEFT + plotW * ChronoUnit.DAYS.between(from, d) / span;
        Y y = v -> TOP + plotH * (yMax - v) / (yMax - yMin);

        h.append("<svg viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"").append(esc("Daily closes of " + inst.symbol() + " with alerts")).append("\">\n");
        // grid and price labels
        for (double t : ticks) {
            if (t < yMin || t > yMax) {
                continue;
            }
            h.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(n(y.at(t)))
                    .append("\" y2=\"").append(n(y.at(t))).append("\"/>")
                    .append("<text class=\"ylabel\" x=\"").append(LEFT - 8).append("\" y=\"").append(n(y.at(t) + 4)).append("\">")
                    .append(esc(price(t, ticks))).append("</text>\n");
        }
        // date labels
        for (LocalDate d : dateTicks(from, to)) {
            double px = x.at(d);
            h.append("<line class=\"tick\" x1=\"").append(n(px)).append("\" x2=\"").append(n(px)).append("\" y1=\"").append(n(TOP + plotH))
                    .append("\" y2=\"").append(n(TOP + plotH + 5)).append("\"/>")
                    .append("<text class=\"xlabel\" x=\"").append(n(px)).append("\" y=\"").append(n(TOP + plotH + 20)).append("\">")
                    .append(esc(span > 75 ? MONTH.format(d) : DAY.format(d))).append("</text>\n");
        }
        h.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(n(TOP + plotH))
                .append("\" y2=\"").append(n(TOP + plotH)).append("\"/>\n");
        // earnings reports
        for (EarningsEvent e : c.earnings()) {
            double px = x.at(e.date());
            h.append("<g class=\"earnings\"><title>").append(esc(earningsTooltip(e))).append("</title>")
                    .append("<line x1=\"").append(n(px)).append("\" x2=\"").append(n(px)).append("\" y1=\"").append(TOP - 6)
                    .append("\" y2=\"").append(n(TOP + plotH)).append("\"/>")
                    .append("<text x=\"").append(n(px)).append("\" y=\"").append(TOP - 10).append("\" text-anchor=\"")
                    .append(px > WIDTH - RIGHT - 60 ? "end" : px < LEFT + 60 ? "start" : "middle").append("\">")
                    .append(esc("earnings " + DAY.format(e.date()))).append("</text></g>\n");
        }
        // price line
        if (!c.bars().isEmpty()) {
            StringBuilder pts = new StringBuilder();
            for (DailyBar b : c.bars()) {
                pts.append(n(x.at(b.date()))).append(',').append(n(y.at(b.close().doubleValue()))).append(' ');
            }
            String first = n(x.at(c.bars().get(0).date()));
            String last = n(x.at(c.bars().get(c.bars().size() - 1).date()));
            h.append("<polygon class=\"area\" points=\"").append(first).append(',').append(n(TOP + plotH)).append(' ').append(pts)
                    .append(last).append(',').append(n(TOP + plotH)).append("\"/>\n");
            h.append("<polyline class=\"price\" points=\"").append(pts.toString().strip()).append("\"/>\n");
        } else {
            h.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(n(TOP + plotH / 2)).append("\">")
                    .append("no price data in this range</text>\n");
        }
        // alerts
        Map<LocalDate, Integer> stacked = new HashMap<>();
        for (Alert a : c.alerts()) {
            String tip = AlertLines.time(a.triggeredAt(), zone) + "  " + a.kind().wireName() + "  " + a.title();
            if (a.kind() == AlertKind.PRICE) {
                // The data's as-of is the bar's close: 16:00 New York on the day, or 24:00 UTC (the next day's 00:00) for crypto.
                LocalDate day = a.source().asOf().minusNanos(1).atZone(inst.market().zone()).toLocalDate();
                DailyBar bar = barOn(c.bars(), day);
                double py = bar != null ? y.at(bar.close().doubleValue()) : TOP + 8;
                h.append("<g class=\"alert ").append(severityClass(a.severity())).append("\"><title>").append(esc(tip)).append("</title>")
                        .append("<circle cx=\"").append(n(x.at(day))).append("\" cy=\"").append(n(py)).append("\" r=\"6.5\"/></g>\n");
            } else {
                LocalDate day = a.triggeredAt().atZone(zone).toLocalDate();
                int level = stacked.merge(day, 1, Integer::sum) - 1;
                double px = x.at(day);
                double base = TOP + plotH - 4 - level * 13;
                h.append("<g class=\"alert ").append(kindClass(a.kind())).append("\"><title>").append(esc(tip)).append("</title>")
                        .append("<polygon points=\"").append(n(px - 6)).append(',').append(n(base)).append(' ').append(n(px + 6)).append(',')
                        .append(n(base)).append(' ').append(n(px)).append(',').append(n(base - 11)).append("\"/></g>\n");
            }
        }
        h.append("</svg>\n</section>\n");
    }

    private static void alertTable(StringBuilder h, List<Alert> alerts, ZoneId zone) {
        h.append("<section class=\"card\">\n<h2>Alerts <small>").append(alerts.size()).append(" in time order</small></h2>\n");
        if (alerts.isEmpty()) {
            h.append("<p>No alert fired in this range.</p>\n</section>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>Time</th><th>Symbol</th><th>Rule</th><th>Kind</th><th>Severity</th><th>Alert</th></tr></thead>\n<tbody>\n");
        for (Alert a : alerts) {
            h.append("<tr><td class=\"time\">").append(esc(AlertLines.time(a.triggeredAt(), zone))).append("</td><td><b>")
                    .append(esc(a.symbol())).append("</b></td><td>").append(esc(a.rule())).append("</td><td>").append(esc(a.kind().wireName()))
                    .append("</td><td><span class=\"badge ").append(severityClass(a.severity())).append("\">").append(esc(a.severity().wireName()))
                    .append("</span></td><td title=\"").append(esc(a.text())).append("\">").append(esc(a.title())).append("</td></tr>\n");
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

    /** Round steps (1, 2, 2.5, 5 times a power of ten) giving about five gridlines over [lo, hi]. */
    static double[] niceTicks(double lo, double hi) {
        double range = Math.max(hi - lo, 1e-9);
        double raw = range / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw) {
                step = m * mag;
                break;
            }
        }
        double start = Math.floor(lo / step) * step;
        List<Double> out = new ArrayList<>();
        for (double v = start; v <= hi + step * 0.5 && out.size() < 12; v += step) {
            out.add(v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<LocalDate> dateTicks(LocalDate from, LocalDate to) {
        List<LocalDate> out = new ArrayList<>();
        long span = ChronoUnit.DAYS.between(from, to);
        if (span > 75) {
            for (LocalDate d = from.withDayOfMonth(1).plusMonths(from.getDayOfMonth() == 1 ? 0 : 1); !d.isAfter(to); d = d.plusMonths(1)) {
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

    private static String price(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int scale = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
        return new BigDecimal(v).setScale(scale, RoundingMode.HALF_UP).toPlainString();
    }

    private static String n(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
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
            .earnings line { stroke:#9ca3af; stroke-width:1.5; stroke-dasharray:5 4; }
            .earnings text { font-weight:600; fill:#4b5563; }
            .alert circle, .alert polygon { stroke:#fff; stroke-width:1.5; cursor:help; }
            .alert.info circle { fill:var(--info); } .alert.warning circle { fill:var(--warning); } .alert.critical circle { fill:var(--critical); }
            .alert.reminder polygon { fill:var(--reminder); } .alert.surprise polygon { fill:var(--surprise); } .alert.change polygon { fill:var(--change); }
            table { width:100%; border-collapse:collapse; margin:4px 0 8px; font-size:13px; }
            th { text-align:left; font-weight:600; color:var(--muted); border-bottom:1px solid var(--rule); padding:6px 8px; }
            td { border-bottom:1px solid var(--rule); padding:6px 8px; vertical-align:top; }
            tr:last-child td { border-bottom:none; }
            .num { text-align:right; } .time { white-space:nowrap; font-variant-numeric:tabular-nums; }
            tr.quiet td { color:#9ca3af; }
            .badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:12px; background:#eff6ff; color:var(--info); }
            .badge.warning { background:#fffbeb; color:var(--warning); } .badge.critical { background:#fef2f2; color:var(--critical); }
            """;
}
