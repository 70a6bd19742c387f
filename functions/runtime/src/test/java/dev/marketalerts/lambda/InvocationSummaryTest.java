package dev.marketalerts.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InvocationSummaryTest {
    static Stream<InvocationSummary> summaries() {
        return Stream.of(
                new InvocationSummary("price", "2026-01-23T21:05:00Z", List.of("us-equity", "crypto"), 13, 2, 1, 1, 0, 1,
                        List.of(new InvocationSummary.SentAlert("a1", "iren-ytd", "IREN", "price", "info", "IREN up 47.1% \"since\" 2026-01-01")),
                        List.of("yahoo: HUT: HTTP 503", "UNKNOWN iren-ytd for IREN: price unknown: no quote"), 1,
                        "ssm:/market-alerts/alerts.yaml"),
                new InvocationSummary("earnings", "2026-01-23T12:00:00Z", List.of(), 0, 0, 0, 0, 0, 0, List.of(), List.of(), 0,
                        "bundled alerts.yaml"));
    }

    @ParameterizedTest
    @MethodSource("summaries")
    void itsJsonIsWhatJacksonWritesForTheRecord(InvocationSummary summary) throws Exception {
        ObjectMapper jackson = new ObjectMapper();

        assertThat(jackson.writeValueAsString(summary.toJson())).isEqualTo(jackson.writeValueAsString(summary));
    }
}
