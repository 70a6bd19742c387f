package dev.marketalerts.price;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.AlertsLambda;
import dev.marketalerts.lambda.ScheduleEvent;
import io.quarkus.runtime.Startup;

/** The price-alerts Lambda: a scheduled tick of the price job (a bad event throws, so Lambda retries and dead-letters it). */
@Startup // wire the adapters during Lambda's init phase, not in the first invocation
public class PriceAlertsHandler implements RequestHandler<JsonNode, JsonNode> {
    private final AlertsLambda alerts = AlertsLambda.instance();

    @Override
    public JsonNode handleRequest(JsonNode input, Context context) {
        ScheduleEvent event = ScheduleEvent.parse(input, JobKind.PRICE);
        // a JSON tree, not the record, so that Quarkus builds no bean serializer at start (see InvocationSummary.toJson)
        return alerts.run(event, context.getAwsRequestId()).toJson();
    }
}
