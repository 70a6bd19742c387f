package dev.marketalerts.core.job;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.alert.AlertKind;
import dev.marketalerts.core.alert.AlertSource;
import dev.marketalerts.core.alert.Severity;
import dev.marketalerts.core.job.HealthState.Incident;
import dev.marketalerts.core.job.HealthState.Streak;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Health incidents of one job, as plain functions of the previous {@link HealthState} and what a tick saw. An incident
 * opens when a watched symbol has been without usable data for {@code after} consecutive ticks (warning; critical when
 * no watched symbol had data), or publishing failed for {@code after} consecutive ticks (critical), and sends one
 * alert; it closes with one info alert on the first tick where every symbol has data again (publishing works again).
 * Alert ids derive from the incident's first failing tick, so retries and replays of a tick derive the same ids.
 */
public final class HealthMonitor {
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    static final String PROVIDER = "health";

    private HealthMonitor() {
    }

    /** The state after a tick and the alerts it opens or closes. */
    public record Step(HealthState next, List<Alert> alerts) {
        public Step {
            alerts = List.copyOf(alerts);
        }
    }

    /**
     * After a tick that looked at {@code watched} and found {@code missing} (symbol to reason) without usable data.
     * Streaks of symbols outside {@code universe} (no longer watched by this job at all) are forgotten.
     */
    public static Step data(HealthState previous, String job, int after, Instant tick, Instant now, Set<String> universe,
                            Set<String> watched, Map<String, String> missing) {
        Map<String, Streak> streaks = new TreeMap<>(previous.missing());
        streaks.keySet().retainAll(universe);
        for (String symbol : watched) {
            String reason = missing.get(symbol);
            if (reason == null) {
                streaks.remove(symbol);
            } else {
                Streak old = streaks.get(symbol);
                streaks.put(symbol, old == null ? new Streak(1, tick, reason) : new Streak(old.ticks() + 1, old.since(), reason));
            }
        }
        List<Alert> alerts = new ArrayList<>();
        Incident incident = previous.dataIncident();
        if (after == 0) {
            incident = null;
        } else if (incident == null) {
            Map<String, Streak> over = new TreeMap<>();
            for (Map.Entry<String, Streak> e : streaks.entrySet()) {
                if (e.getValue().ticks() >= after) {
                    over.put(e.getKey(), e.getValue());
                }
            }
            if (!over.isEmpty()) {
                Instant start = over.values().stream().map(Streak::since).min(Instant::compareTo).orElseThrow();
                boolean none = !watched.isEmpty() && missing.keySet().containsAll(watched);
                List<String> symbols = List.copyOf(over.keySet());
                incident = new Incident(start, symbols.size() == 1 ? symbols.get(0) : "*", none ? Severity.CRITICAL : Severity.WARNING,
                        symbols);
                alerts.add(dataOpened(job, incident, over, after, now));
            }
        } else if (streaks.isEmpty()) {
            alerts.add(dataRecovered(job, incident, now));
            incident = null;
        }
        return new Step(new HealthState(previous.lastTick(), streaks, previous.publishFailures(), incident,
                previous.deliveryIncident()), alerts);
    }

    /**
     * After a tick's delivery: {@code attempted} whether it published anything, {@code failedReason} the reason of a
     * publish that failed or whose outcome is unknown (null when none did).
     */
    public static Step delivery(HealthState previous, String job, int after, Instant tick, Instant now, boolean attempted,
                                String failedReason) {
        Streak failures = previous.publishFailures();
        if (failedReason != null) {
            failures = failures == null ? new Streak(1, tick, failedReason) : new Streak(failures.ticks() + 1, failures.since(), failedReason);
        } else if (attempted) {
            failures = null;
        }
        List<Alert> alerts = new ArrayList<>();
        Incident incident = previous.deliveryIncident();
        if (after == 0) {
            incident = null;
        } else if (incident == null && failures != null && failures.ticks() >= after) {
            incident = new Incident(failures.since(), "*", Severity.CRITICAL, List.of());
            alerts.add(deliveryOpened(job, incident, failures, now));
        } else if (incident != null && failures == null) {
            alerts.add(deliveryRecovered(job, incident, now));
            incident = null;
        }
        return new Step(new HealthState(previous.lastTick(), previous.missing(), failures, previous.dataIncident(), incident), alerts);
    }

    /** The rule name of a job's data or delivery incidents, e.g. {@code health-price-data}, {@code health-price-crypto-data}. */
    public static String rule(String job, String what) {
        return "health-" + job + "-" + what;
    }

    private static Alert dataOpened(String job, Incident incident, Map<String, Streak> over, int after, Instant now) {
        String who = incident.symbols().size() == 1 ? incident.symbols().get(0)
                : incident.severity() == Severity.CRITICAL ? "any watched symbol" : String.join(", ", incident.symbols());
        String title = "No usable market data for " + who + " for " + after + (after == 1 ? " tick" : " consecutive ticks")
                + " (" + job + " job)";
        String reasons = over.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue().reason() + " (since "
                + e.getValue().since() + ")").collect(Collectors.joining("; "));
        String text = title + ". Rules on " + (incident.symbols().size() == 1 ? "this symbol" : "these symbols")
                + " cannot fire until data returns. " + reasons + ". One recovery alert follows when every symbol has data again.";
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("symbols", String.join(", ", incident.symbols()));
        observed.put("ticks", after);
        observed.put("since", incident.start().toString());
        return alert(rule(job, "data"), incident, "since-" + COMPACT.format(incident.start()), incident.severity(), title, text, observed, now);
    }

    private static Alert dataRecovered(String job, Incident incident, Instant now) {
        String title = "Market data is back for every watched symbol (" + job + " job)";
        String text = title + ". The incident began " + incident.start() + " with " + String.join(", ", incident.symbols())
                + "; rules are evaluated on fresh data again.";
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("symbols", String.join(", ", incident.symbols()));
        observed.put("since", incident.start().toString());
        return alert(rule(job, "data"), incident, "recovered-" + COMPACT.format(incident.start()), Severity.INFO, title, text, observed, now);
    }

    private static Alert deliveryOpened(String job, Incident incident, Streak failures, Instant now) {
        String title = "Publishing alerts has failed for " + failures.ticks() + " consecutive ticks (" + job + " job)";
        String text = title + ". The alerts are kept and sent when publishing works again. Last error: " + failures.reason();
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("ticks", failures.ticks());
        observed.put("since", incident.start().toString());
        observed.put("reason", failures.reason());
        return alert(rule(job, "delivery"), incident, "since-" + COMPACT.format(incident.start()), Severity.CRITICAL, title, text, observed, now);
    }

    private static Alert deliveryRecovered(String job, Incident incident, Instant now) {
        String title = "Publishing alerts works again (" + job + " job)";
        String text = title + ". It had failed since " + incident.start() + "; alerts kept meanwhile have been sent.";
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("since", incident.start().toString());
        return alert(rule(job, "delivery"), incident, "recovered-" + COMPACT.format(incident.start()), Severity.INFO, title, text, observed, now);
    }

    private static Alert alert(String rule, Incident incident, String occurrence, Severity severity, String title, String text,
                               Map<String, Object> observed, Instant now) {
        return new Alert(Alert.VERSION, AlertIds.of(rule, incident.symbol(), AlertKind.HEALTH, occurrence), rule, incident.symbol(),
                AlertKind.HEALTH, severity, title, text, now, observed, new AlertSource(PROVIDER, now));
    }
}
