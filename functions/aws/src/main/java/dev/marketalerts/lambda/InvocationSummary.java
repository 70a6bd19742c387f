package dev.marketalerts.lambda;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.market.Market;
import java.util.List;
import java.util.Set;

/**
 * What a Lambda invocation returns (and {@code alerts invoke} prints): the tick's counts, the alerts it sent, the
 * problems it met, and which config it ran on ({@code markets} only for the price job: earnings are US equities).
 */
public record InvocationSummary(String job, String scheduledTime, List<String> markets, int evaluated, int triggered, int sent,
                                int failed, int duplicates, List<SentAlert> alerts, List<String> problems, String config) {

    /** One alert that went out. */
    public record SentAlert(String id, String rule, String symbol, String kind, String severity, String title) {
        static SentAlert of(Alert a) {
            return new SentAlert(a.id(), a.rule(), a.symbol(), a.kind().wireName(), a.severity().wireName(), a.title());
        }
    }

    public InvocationSummary {
        markets = List.copyOf(markets);
        alerts = List.copyOf(alerts);
        problems = List.copyOf(problems);
    }

    static InvocationSummary of(TickSummary tick, Set<Market> markets, String config) {
        return new InvocationSummary(tick.job().wireName(), tick.scheduledTime().toString(),
                tick.job() == JobKind.PRICE ? markets.stream().map(Market::wireName).toList() : List.of(), tick.evaluated(), tick.triggered(), tick.sent(), tick.failed(),
                tick.duplicates(), tick.sentAlerts().stream().map(SentAlert::of).toList(), tick.problems(), config);
    }
}
