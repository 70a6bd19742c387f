package dev.marketalerts.marketdata.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The API keys known to this process, and the one place that scrubs them (and any credential-looking
 * query parameter) out of text before it reaches a log line, an exception or an alert.
 */
public final class Secrets {
    private static final Pattern CREDENTIAL_PARAM = Pattern.compile(
            "(?i)\\b(apikey|api_key|token|x_cg_demo_api_key|x_cg_pro_api_key|key|crumb)=[^&\\s\"'#]*");

    private final Set<String> values = ConcurrentHashMap.newKeySet();

    /** Remembers a secret so that every later {@link #redact} hides it. Blank values are ignored. */
    public void register(String secret) {
        if (secret != null && !secret.isBlank()) {
            values.add(secret);
        }
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = CREDENTIAL_PARAM.matcher(text).replaceAll("$1=***");
        for (String secret : values) {
            if (out.contains(secret)) {
                out = out.replace(secret, "***");
            }
        }
        return out;
    }
}
