package dev.marketalerts.aws.subscribe;

import java.util.List;

/** Input that cannot make a subscription (a bad endpoint, ARN, filter value, or a policy over SNS's limits): every problem, each saying what was expected. */
public final class SubscriptionInputException extends IllegalArgumentException {
    private final List<String> problems;

    public SubscriptionInputException(List<String> problems) {
        super(String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SubscriptionInputException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
