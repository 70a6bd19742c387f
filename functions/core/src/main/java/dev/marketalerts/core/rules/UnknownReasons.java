package dev.marketalerts.core.rules;

import dev.marketalerts.core.calendar.TradingSession;
import dev.marketalerts.core.market.DailyBar;
import dev.marketalerts.core.market.Market;
import dev.marketalerts.core.market.Quote;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Why a metric is unknown, in words a user can act on ("no bar for 2026-01-23", "quote 45 min old while the market
 * is open", "120 sessions of history, 200 needed"). It repeats the metrics' own tests after the fact, so the hot
 * path of evaluation stays free of bookkeeping.
 */
final class UnknownReasons {
    private UnknownReasons() {
    }

    static String of(Metric metric, EvalScope s) {
        if (metric instanceof Metric.Price) {
            return price(s);
        }
        if (metric instanceof Metric.Open) {
            DailyBar bar = s.currentBar();
            return bar == null ? noBar(s, s.session()) : "no open price in the bar of " + s.session();
        }
        if (metric instanceof Metric.Volume) {
            DailyBar bar = s.currentBar();
            return bar == null ? noBar(s, s.session()) : "no volume in the bar of " + s.session();
        }
        if (metric instanceof Metric.Gap) {
            DailyBar bar = s.currentBar();
            if (bar == null) {
                return noBar(s, s.session());
            }
            if (bar.open() == null) {
                return "no open price in the bar of " + s.session();
            }
            return noBar(s, s.calendar.previousTradingDay(s.session()));
        }
        if (metric instanceof Metric.Change c) {
            if (s.price() == null) {
                return price(s);
            }
            LocalDate session = s.session();
            return switch (c.window().unit()) {
                case DAYS -> noBar(s, s.calendar.tradingDaysBefore(session, c.window().n()));
                case WEEKS -> noBarOnOrBefore(s, session.minusWeeks(c.window().n()));
                case MONTHS -> noBarOnOrBefore(s, session.minusMonths(c.window().n()));
                case YTD -> noBarOnOrBefore(s, session.withDayOfYear(1).minusDays(1));
            };
        }
        if (metric instanceof Metric.ChangeSince c) {
            LocalDate since = c.date() != null ? c.date() : s.context.lastEarnings();
            if (since == null) {
                return "the last earnings date is not known yet (the earnings job records it)";
            }
            if (s.price() == null) {
                return price(s);
            }
            if (since.isAfter(s.session())) {
                return since + " is after the current session " + s.session();
            }
            if (since.isBefore(s.session().minusYears(1))) {
                return since + " is more than a year before the current session " + s.session();
            }
            return noBar(s, s.calendar.previousTradingDay(since));
        }
        if (metric instanceof Metric.Sma m) {
            return closes(s, m.n());
        }
        if (metric instanceof Metric.Ema m) {
            return closes(s, m.n());
        }
        if (metric instanceof Metric.Rsi m) {
            return closes(s, m.n() + 1);
        }
        if (metric instanceof Metric.Macd m) {
            return closes(s, m.slow());
        }
        if (metric instanceof Metric.MacdSignal m) {
            return closes(s, m.slow() + m.signal() - 1);
        }
        if (metric instanceof Metric.Bollinger m) {
            return closes(s, m.n());
        }
        if (metric instanceof Metric.Atr m) {
            return ranges(s, m.n());
        }
        if (metric instanceof Metric.AvgVolume m) {
            int held = s.floorIndex(s.session().minusDays(1)) + 1;
            return held < m.n() ? history(held, m.n(), "before " + s.session()) : "a bar without volume in the last " + m.n() + " sessions";
        }
        if (metric instanceof Metric.Extreme m) {
            return extreme(s, m.window());
        }
        return "not known from the data held";
    }

    private static String extreme(EvalScope s, Window window) {
        if (s.bars.isEmpty()) {
            return "no daily bars";
        }
        LocalDate first = window.firstDate(s.session(), s.calendar);
        if (!Metric.Extreme.reachesBack(s, first)) {
            return "the bars held start on " + s.bars.get(0).date() + ", after the start of the " + window + " before "
                    + s.session() + " (" + first + ")";
        }
        return "no bar from " + first + " to the session before " + s.session() + range(s);
    }

    private static String ranges(EvalScope s, int n) {
        int held = s.lastIndex() + 1;
        if (held < n + 1) {
            return history(held, n + 1, "up to " + s.session());
        }
        for (int i = s.recursionStart(Metric.window(n + 1)) + 1; i < held; i++) {
            DailyBar bar = s.bars.get(i);
            if (bar.high() == null || bar.low() == null) {
                return "no high or low in the bar of " + bar.date();
            }
        }
        return "not known from the data held";
    }

    private static String closes(EvalScope s, int n) {
        int held = s.lastIndex() + 1;
        if (held < n) {
            return history(held, n, "up to " + s.session());
        }
        return s.price() == null ? price(s) : "a close is missing in the last " + n + " sessions";
    }

    private static String history(int held, int needed, String upTo) {
        return held + (held == 1 ? " session" : " sessions") + " of history " + upTo + ", " + needed + " needed";
    }

    private static String noBar(EvalScope s, LocalDate date) {
        return "no bar for " + date + range(s);
    }

    private static String noBarOnOrBefore(EvalScope s, LocalDate date) {
        return "no bar on or before " + date + range(s);
    }

    private static String range(EvalScope s) {
        if (s.bars.isEmpty()) {
            return " (no daily bars)";
        }
        return " (bars from " + s.bars.get(0).date() + " to " + s.bars.get(s.bars.size() - 1).date() + ")";
    }

    /** Why {@code s.price()} is null. */
    static String price(EvalScope s) {
        Quote q = s.context.snapshot().quote();
        if (q == null) {
            return "no quote";
        }
        if (q.price().signum() <= 0) {
            return "the quote's price " + q.price().toPlainString() + " is not positive";
        }
        Instant now = s.context.now();
        if (q.asOf().isAfter(now)) {
            return "the quote is dated " + q.asOf() + ", after the tick";
        }
        Market market = s.context.snapshot().instrument().market();
        String age = age(Duration.between(q.asOf(), now));
        if (market == Market.CRYPTO) {
            return "quote " + age + " old (crypto quotes count for " + age(market.staleness()) + ")";
        }
        Optional<TradingSession> today = s.calendar.session(now.atZone(s.calendar.zone()).toLocalDate());
        boolean open = today.isPresent() && !now.isBefore(today.get().openInstant()) && now.isBefore(today.get().closeInstant());
        return open ? "quote " + age + " old while the market is open (at most " + age(market.staleness()) + ")"
                : "quote " + age + " old, from before the last session's close";
    }

    private static String age(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = d.toHours();
        return hours < 72 ? hours + " h" : d.toDays() + " days";
    }
}
