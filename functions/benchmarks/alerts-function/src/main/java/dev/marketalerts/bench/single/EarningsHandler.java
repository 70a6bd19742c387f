package dev.marketalerts.bench.single;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.marketalerts.core.job.JobKind;
import dev.marketalerts.lambda.AlertsLambda;
import io.quarkus.runtime.Startup;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The earnings job's handler in the one-module packaging, selected with QUARKUS_LAMBDA_HANDLER=earnings. */
@Named("earnings")
@Startup // wire the adapters during Lambda's init phase, as the function modules do
public class EarningsHandler implements RequestStreamHandler {
    private final AlertsLambda alerts = AlertsLambda.instance();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        alerts.handle(input, output, JobKind.EARNINGS, context.getAwsRequestId());
    }
}
