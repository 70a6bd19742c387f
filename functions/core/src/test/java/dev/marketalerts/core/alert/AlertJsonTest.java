package dev.marketalerts.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
    private static Alert irenYtd() {
        Map<String, Object> observed = new LinkedHashMap<>();
        observed.put("price", new BigDecimal("55.61"));
        observed.put("change_since(2026-01-01)", new BigDecimal("0.4710"));
        return new Alert(1, "iren-ytd:IREN:price:n1", "iren-ytd", "IREN", AlertKind.PRICE, Severity.INFO,
                "IREN up 47.1% since 2026-01-01", "...", Instant.parse("2026-01-23T21:05:00Z"), observed,
                new AlertSource("yahoo", Instant.parse("2026-01-23T21:00:00Z")));
    }

    @Test
    void writesTheDocumentedShapeInTheDocumentedOrder() {
        assertThat(AlertJson.write(irenYtd())).isEqualTo(
                "{\"version\":1,\"id\":\"iren-ytd:IREN:price:n1\",\"rule\":\"iren-ytd\",\"symbol\":\"IREN\",\"kind\":\"price\","
                        + "\"severity\":\"info\",\"title\":\"IREN up 47.1% since 2026-01-01\",\"text\":\"...\","
                        + "\"triggeredAt\":\"2026-01-23T21:05:00Z\",\"observed\":{\"price\":55.61,\"change_since(2026-01-01)\":0.471},"
                        + "\"source\":{\"provider\":\"yahoo\",\"asOf\":\"2026-01-23T21:00:00Z\"}}");
    }

    @Test
    void readsBackWhatItWrote() {
        Alert back = AlertJson.read(AlertJson.write(irenYtd()));
        assertThat(back.id()).isEqualTo("iren-ytd:IREN:price:n1");
        assertThat(back.observed()).containsEntry("price", new BigDecimal("55.61"));
        assertThat(back.source()).isEqualTo(irenYtd().source());
        assertThat(AlertJson.write(back)).isEqualTo(AlertJson.write(irenYtd()));
    }

    @Test
    void largeRoundNumbersStayPlain() {
        Alert a = new Alert(1, "x:BTC-USD:price:n1", "x", "BTC-USD", AlertKind.PRICE, Severity.WARNING, "t", "t",
                Instant.parse("2026-01-23T21:05:00Z"), Map.of("price", new BigDecimal("80000.00")),
                new AlertSource("coingecko", Instant.parse("2026-01-23T21:00:00Z")));
        assertThat(AlertJson.write(a)).contains("\"observed\":{\"price\":80000}");
    }

    @Test
    void rejectsAnAlertWithoutItsFieldsSayingWhich() {
        assertThatThrownBy(() -> AlertJson.read("{\"version\":1}")).hasMessage("alert field 'id' is missing");
        assertThatThrownBy(() -> AlertJson.read("[1]")).hasMessage("not an alert JSON object");
    }
}
