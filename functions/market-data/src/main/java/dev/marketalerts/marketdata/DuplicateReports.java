package dev.marketalerts.marketdata;

import dev.marketalerts.core.market.EarningsEvent;
import dev.marketalerts.core.market.EarningsSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Merges the rows one provider sent for the same symbol and date (Finnhub has answered two rows for DG on
 * 2023-06-01) into one, chosen the same way whatever the order of the rows, and says what was dropped.
 */
final class DuplicateReports {

    /**
     * Best first: a row with an actual EPS; then the latest fiscal period (a date reports the latest quarter,
     * an older period on it is a re-dated leftover); then one with an estimate; then one with a time of day.
     * The last key only makes the order total.
     */
    static final Comparator<EarningsEvent> PREFERRED = Comparator
            .comparing((EarningsEvent e) -> e.epsActual() == null)
            .thenComparing(EarningsEvent::fiscalPeriod, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(e -> e.epsEstimate() == null)
            .thenComparing(e -> e.session() == EarningsSession.UNKNOWN)
            .thenComparing(EarningsEvent::toString);

    private DuplicateReports() {
    }

    /** One event per symbol and date, sorted by symbol and date; a warning for each date whose rows differ. */
    static List<EarningsEvent> merge(List<EarningsEvent> events, List<String> warnings) {
        Map<String, Map<LocalDate, List<EarningsEvent>>> rows = new TreeMap<>();
        for (EarningsEvent e : events) {
            rows.computeIfAbsent(e.symbol(), s -> new TreeMap<>()).computeIfAbsent(e.date(), d -> new ArrayList<>()).add(e);
        }
        List<EarningsEvent> merged = new ArrayList<>();
        rows.values().forEach(byDate -> byDate.values().forEach(same -> {
            List<EarningsEvent> distinct = same.stream().distinct().sorted(PREFERRED).toList();
            EarningsEvent kept = distinct.get(0);
            merged.add(kept);
            if (distinct.size() > 1) {
                List<String> dropped = distinct.subList(1, distinct.size()).stream().map(DuplicateReports::describe).toList();
                warnings.add(kept.provider() + ": " + kept.symbol() + " " + kept.date() + ": " + distinct.size()
                        + " different rows for one report; kept " + describe(kept) + ", dropped " + String.join("; ", dropped));
            }
        }));
        return merged;
    }

    private static String describe(EarningsEvent e) {
        return (e.epsActual() == null ? "no EPS" : "EPS " + e.epsActual().toPlainString())
                + " (estimate " + (e.epsEstimate() == null ? "none" : e.epsEstimate().toPlainString())
                + (e.fiscalPeriod() == null ? "" : ", " + e.fiscalPeriod())
                + (e.session() == EarningsSession.UNKNOWN ? "" : ", " + e.session().name().toLowerCase(Locale.ROOT)) + ")";
    }
}
