package dev.marketalerts.earnings;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.AlertsLambda;
import io.quarkus.runtime.Startup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The earnings-alerts Lambda: a scheduled tick of the earnings job (a bad event throws, so Lambda retries and dead-letters it). */
@Startup // wire the adapters during Lambda's init phase, not in the first invocation
// a stream handler, so that the event's size is checked before any of it is parsed
public class EarningsAlertsHandler implements RequestStreamHandler {
    private final AlertsLambda alerts = AlertsLambda.instance();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        alerts.handle(input, output, JobKind.EARNINGS, context.getAwsRequestId());
    }
}
