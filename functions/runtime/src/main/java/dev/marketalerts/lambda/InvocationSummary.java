package dev.marketalerts.lambda;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.core.market.Market;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a Lambda invocation returns (and {@code alerts invoke} prints): the tick's counts ({@code deferred}: alerts
 * another run had claimed, delivered by it or after its lease), the alerts it sent, the problems it met (failures first,
 * then every UNKNOWN decision with its reason), the job's open health incidents, and which config it ran on
 * ({@code markets} only for the price job: earnings are US equities).
 */
public record InvocationSummary(String job, String scheduledTime, List<String> markets, int evaluated, int triggered, int sent,
                                int failed, int duplicates, int deferred, List<SentAlert> alerts, List<String> problems,
                                int openHealthIncidents, String config) {

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

    /**
     * This summary as JSON, the same as Jackson writes the record, built by hand: a bean serializer for the record would
     * cost tens of ms of reflection at the first invocation.
     */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode n = f.objectNode();
        n.put("job", job);
        n.put("scheduledTime", scheduledTime);
        ArrayNode marketNames = n.putArray("markets");
        for (String m : markets) {
            marketNames.add(m);
        }
        n.put("evaluated", evaluated);
        n.put("triggered", triggered);
        n.put("sent", sent);
        n.put("failed", failed);
        n.put("duplicates", duplicates);
        n.put("deferred", deferred);
        ArrayNode sentAlerts = n.putArray("alerts");
        for (SentAlert a : alerts) {
            sentAlerts.addObject().put("id", a.id()).put("rule", a.rule()).put("symbol", a.symbol()).put("kind", a.kind())
                    .put("severity", a.severity()).put("title", a.title());
        }
        ArrayNode problemTexts = n.putArray("problems");
        for (String p : problems) {
            problemTexts.add(p);
        }
        n.put("openHealthIncidents", openHealthIncidents);
        n.put("config", config);
        return n;
    }

    static InvocationSummary of(TickSummary tick, Set<Market> markets, String config) {
        List<String> marketNames = new ArrayList<>();
        if (tick.job() == JobKind.PRICE) {
            for (Market m : markets) {
                marketNames.add(m.wireName());
            }
        }
        List<SentAlert> sent = new ArrayList<>();
        for (Alert a : tick.sentAlerts()) {
            sent.add(SentAlert.of(a));
        }
        return new InvocationSummary(tick.job().wireName(), tick.scheduledTime().toString(), marketNames, tick.evaluated(),
                tick.triggered(), tick.sent(), tick.failed(), tick.duplicates(), tick.deferred(), sent, problems(tick),
                tick.openIncidents(), config);
    }

    private static List<String> problems(TickSummary tick) {
        List<String> all = new ArrayList<>(tick.problems());
        for (String u : tick.unknowns()) {
            all.add("UNKNOWN " + u);
        }
        return all;
    }
}
