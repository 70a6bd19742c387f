package dev.marketalerts.cli.subscribe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Optional;

/** The {@code aws sqs set-queue-attributes} command that lets a topic send to a queue (a queue policy for sns.amazonaws.com, limited to that topic). */
final class QueueGrant {
    private QueueGrant() {
    }

    /** The access policy: SendMessage for the SNS service principal, only when the message comes from {@code topicArn}. */
    static String policy(String queueArn, String topicArn) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode statement = f.objectNode();
        statement.put("Sid", "market-alerts-topic");
        statement.put("Effect", "Allow");
        statement.putObject("Principal").put("Service", "sns.amazonaws.com");
        statement.put("Action", "sqs:SendMessage");
        statement.put("Resource", queueArn);
        statement.putObject("Condition").putObject("ArnEquals").put("aws:SourceArn", topicArn);
        ObjectNode policy = f.objectNode();
        policy.put("Version", "2012-10-17");
        policy.putArray("Statement").add(statement);
        return policy.toString();
    }

    /**
     * The shell command; ARNs hold no single quote, so the attributes JSON goes in single quotes as it is. With an
     * endpoint (a local emulator) the command goes there, and asks it for the queue's URL, whose form is its own.
     */
    static String command(String queueArn, String topicArn, Optional<URI> endpoint) {
        String[] parts = queueArn.split(":");
        String partition = parts[1];
        String region = parts[3];
        String account = parts[4];
        String name = parts[5];
        String aws = AwsCliHints.aws(endpoint);
        String lookUp = "\"$(" + aws + " sqs get-queue-url --region " + region + " --queue-name " + name + " --queue-owner-aws-account-id " + account
                + " --query QueueUrl --output text)\"";
        String url = endpoint.isPresent() ? lookUp : switch (partition) {
            case "aws" -> "https://sqs." + region + ".amazonaws.com/" + account + "/" + name;
            case "aws-cn" -> "https://sqs." + region + ".amazonaws.com.cn/" + account + "/" + name;
            default -> lookUp;
        };
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        attributes.put("Policy", policy(queueArn, topicArn));
        return aws + " sqs set-queue-attributes --region " + region + " --queue-url " + url + " --attributes '" + attributes + "'";
    }
}
