package dev.marketalerts.price;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.AlertsLambda;
import io.quarkus.runtime.Startup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The price-alerts Lambda: a scheduled tick of the price job (a bad event throws, so Lambda retries and dead-letters it). */
@Startup // wire the adapters during Lambda's init phase, not in the first invocation
// a stream handler, so that the event's size is checked before any of it is parsed
public class PriceAlertsHandler implements RequestStreamHandler {
    private final AlertsLambda alerts = AlertsLambda.instance();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        alerts.handle(input, output, JobKind.PRICE, context.getAwsRequestId());
    }
}
