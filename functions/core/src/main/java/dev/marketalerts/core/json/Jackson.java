package dev.marketalerts.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The project's JSON configurations: every mapper of the main code is built here, so that how numbers and limits are
 * handled is decided in one place. Each call builds a new mapper; keep it in a constant and never reconfigure it.
 */
public final class Jackson {

    private Jackson() {
    }

    /** Jackson's defaults: for documents of strings, booleans and whole numbers (state files, secrets, settings). */
    public static JsonMapper json() {
        return JsonMapper.builder().build();
    }

    /**
     * Numbers as the decimals they were written as, both ways: a fraction is read as a BigDecimal with its scale
     * ({@code 34.647} stays 34.647, {@code 243.0} keeps its scale) and a BigDecimal is written plain ({@code 1000},
     * never {@code 1E+3}). For prices and observed values: alerts, provider bodies, log lines.
     */
    public static JsonMapper decimals() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .build();
    }

    /**
     * {@link #json()} for input from outside that must stay small: nesting deeper than {@code maxNestingDepth} or a
     * string longer than {@code maxStringLength} characters fails the read.
     */
    public static JsonMapper bounded(int maxNestingDepth, int maxStringLength) {
        return JsonMapper.builder(JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(maxNestingDepth)
                        .maxStringLength(maxStringLength)
                        .build())
                .build()).build();
    }
}
