package dev.marketalerts.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class JacksonTest {

    @Test
    void decimalsReadFractionsAsTheDecimalsWrittenWithTheirScale() throws JsonProcessingException {
        JsonNode n = Jackson.decimals().readTree("{\"close\":243.0,\"eps\":34.647,\"volume\":1200300}");

        assertThat(n.get("close").decimalValue()).isEqualTo(new BigDecimal("243.0"));
        assertThat(n.get("eps").decimalValue()).isEqualTo(new BigDecimal("34.647"));
        assertThat(n.get("volume").isIntegralNumber()).isTrue();
    }

    @Test
    void decimalsWriteBigDecimalsPlain() throws JsonProcessingException {
        ObjectNode n = Jackson.decimals().createObjectNode().put("price", new BigDecimal("1E+3")).put("change", new BigDecimal("0.0000001"));

        assertThat(Jackson.decimals().writeValueAsString(n)).isEqualTo("{\"price\":1000,\"change\":0.0000001}");
        assertThat(Jackson.json().writeValueAsString(n)).isEqualTo("{\"price\":1E+3,\"change\":1E-7}");
    }

    @Test
    void theDefaultMapperReadsFractionsAsDoubles() throws JsonProcessingException {
        assertThat(Jackson.json().readTree("{\"x\":0.1}").get("x").isDouble()).isTrue();
    }

    @Test
    void aBoundedMapperRefusesDeepNestingAndLongStrings() throws JsonProcessingException {
        var bounded = Jackson.bounded(3, 10);
        assertThat(bounded.readTree("{\"a\":{\"b\":[\"0123456789\"]}}").at("/a/b/0").asText()).isEqualTo("0123456789");

        assertThatThrownBy(() -> bounded.readTree("{\"a\":{\"b\":[[1]]}}")).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("Document nesting depth");
        assertThatThrownBy(() -> bounded.readTree("{\"a\":\"01234567890\"}")).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("String value length");
    }
}
