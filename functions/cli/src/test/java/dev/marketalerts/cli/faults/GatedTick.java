package dev.marketalerts.cli.faults;

import dev.marketalerts.core.alert.Alert;
import dev.marketalerts.core.config.AlertsConfig;
import dev.marketalerts.core.config.ConfigLoader;
import dev.marketalerts.core.job.AlertJob;
import dev.marketalerts.core.job.AlertStateStore;
import dev.marketalerts.core.testing.ForwardingAlertStateStore;
import dev.marketalerts.core.job.ClaimOutcome;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.core.job.Notifier;
import dev.marketalerts.core.job.RuleKey;
import dev.marketalerts.core.job.RuleState;
import dev.marketalerts.core.job.TickSummary;
import dev.marketalerts.wiring.AlertsWiring;
import dev.marketalerts.wiring.AlertsWiring.DataSpec;
import dev.marketalerts.wiring.AlertsWiring.NotifierSpec;
import dev.marketalerts.wiring.AlertsWiring.StateSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A child process of {@link FileStoreFaultsTest}: one price tick of the real wiring (replay data, file store, outbox and
 * console notifiers, AlertJob), with the store and the notifier wrapped by a step gate. When the tick has done {@code STEP}
 * for {@code ALERT_ID} it prints {@code STEP <step> alert=<id>} and waits for a line on stdin (the test kills it there,
 * or lets it go on). Exit code and error lines like {@code alerts run}.
 *
 * <p>Arguments: STEP ALERT_ID CONFIG DATA_DIR STATE_DIR OUTBOX AT
 */
public final class GatedTick {
    public static final List<String> STEPS = List.of("after-claim", "after-publish", "after-record", "after-history", "after-state-save");

    private final String step;
    private final String alertId;
    private final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private GatedTick(String step, String alertId) {
        if (!STEPS.contains(step)) {
            throw new IllegalArgumentException("unknown step " + step);
        }
        this.step = step;
        this.alertId = alertId;
    }

    public static void main(String[] args) throws Exception {
        GatedTick gate = new GatedTick(args[0], args[1]);
        Path config = Path.of(args[2]);
        Instant at = Instant.parse(args[6]);
        AlertsConfig loaded = ConfigLoader.load(config.toString(), Files.readString(config), System.getenv());
        TickSummary summary;
        try (AlertsWiring wiring = new AlertsWiring(System.getenv(), Clock.fixed(at, ZoneOffset.UTC))) {
            AlertsWiring.MarketData data = wiring.marketData(loaded, new DataSpec.Replay(Path.of(args[3]).toAbsolutePath()));
            AlertStateStore store = gate.new Store(wiring.stateStore(new StateSpec.Directory(Path.of(args[4]).toAbsolutePath())));
            Notifier notifier = gate.new Outlet(wiring.notifier(new NotifierSpec.Local(System.out, Path.of(args[5]).toAbsolutePath(),
                    w -> System.err.println("warning: " + w))));
            summary = wiring.job(loaded, data, store, notifier, AlertJob.JobListener.NONE).run(JobKind.PRICE, at);
        }
        summary.problems().forEach(p -> System.err.println("error: " + p));
        System.out.flush();
        System.exit(summary.hasFailures() ? 1 : 0);
    }

    /** {@code subject} is an alert id, or for a rule state the rule and symbol its alert ids start with. */
    private void reached(String at, String subject) {
        if (!at.equals(step) || !(alertId.equals(subject) || alertId.startsWith(subject + ":"))) {
            return;
        }
        System.out.println("STEP " + step + " alert=" + alertId);
        System.out.flush();
        try {
            in.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private final class Outlet implements Notifier {
        private final Notifier delegate;

        Outlet(Notifier delegate) {
            this.delegate = delegate;
        }

        @Override
        public List<Delivery> publish(List<Alert> alerts) {
            List<Delivery> deliveries = delegate.publish(alerts);
            alerts.forEach(a -> reached("after-publish", a.id()));
            return deliveries;
        }
    }

    private final class Store extends ForwardingAlertStateStore {
        Store(AlertStateStore delegate) {
            super(delegate);
        }

        @Override
        public void saveRuleState(RuleKey key, RuleState state) {
            delegate.saveRuleState(key, state);
            reached("after-state-save", key.ruleId() + ":" + key.symbol());
        }

        @Override
        public ClaimOutcome claim(Alert alert, Instant now, Duration lease) {
            ClaimOutcome outcome = delegate.claim(alert, now, lease);
            if (outcome instanceof ClaimOutcome.Claimed) {
                reached("after-claim", alert.id());
            }
            return outcome;
        }

        @Override
        public void recordSent(String id, String token, String messageId, Instant at) {
            delegate.recordSent(id, token, messageId, at);
            reached("after-record", id);
        }

        @Override
        public void appendHistory(Alert alert, String messageId, Instant sentAt) {
            delegate.appendHistory(alert, messageId, sentAt);
            reached("after-history", alert.id());
        }
    }
}
