package dev.marketalerts.lambda;

import java.util.Map;
import java.util.Optional;

/**
 * Every environment variable the Lambda functions read (besides those Lambda itself sets, and the {@code ${NAME}}
 * references of alerts.yaml). The deployment ones must be set by template.yaml (a template test checks it); the
 * local ones are switches for running the packaged function on a laptop or in tests, never set in AWS.
 */
public enum LambdaSetting {
    /** The DynamoDB state table; with TOPIC_ARN it selects DynamoDB + SNS. */
    TABLE_NAME(true),
    /** The SNS topic alerts are published to. */
    TOPIC_ARN(true),
    /** Optional SSM parameter whose value replaces the bundled alerts.yaml (empty: the bundled file). */
    ALERTS_CONFIG_PARAMETER(true),
    /** Local testing: read market data from this replay directory, as of each event's scheduled time. */
    ALERTS_REPLAY_DATA(false),
    /** Local use: the embedded store's directory (default: alerts-state under java.io.tmpdir, that is /tmp in Lambda). */
    ALERTS_STATE_DIR(false),
    /** Local testing: also append each alert as a JSON line to this file (with the console notifier). */
    ALERTS_OUTBOX(false);

    private final boolean deployment;

    LambdaSetting(boolean deployment) {
        this.deployment = deployment;
    }

    /** True when template.yaml must set it for every function. */
    public boolean deployment() {
        return deployment;
    }

    /** The value in {@code env}, blank counting as unset. */
    public Optional<String> in(Map<String, String> env) {
        String v = env.get(name());
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }
}
