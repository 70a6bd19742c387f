package dev.marketalerts.marketdata;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Small URL helpers shared by the adapters. */
public final class Http {
    /** A current desktop Chrome User-Agent: the unofficial endpoints (Yahoo, Nasdaq) answer browsers. */
    public static final String BROWSER_USER_AGENT =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

    private Http() {
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code base + path + ?k=v&...} with values URL-encoded, parameters in the given order. */
    public static URI uri(String base, String path, Map<String, String> params) {
        String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        StringJoiner query = new StringJoiner("&");
        for (Map.Entry<String, String> p : params.entrySet()) {
            query.add(encode(p.getKey()) + "=" + encode(p.getValue()));
        }
        return URI.create(b + path + (params.isEmpty() ? "" : "?" + query));
    }

    /** An ordered parameter map: {@code params("a", "1", "b", "2")}. */
    public static Map<String, String> params(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("params need key/value pairs");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
