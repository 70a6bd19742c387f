package dev.marketalerts.core.config;

import dev.marketalerts.core.config.YamlTree.Entry;
import dev.marketalerts.core.config.YamlTree.MapNode;
import dev.marketalerts.core.config.YamlTree.Scalar;
import dev.marketalerts.core.text.DidYouMean;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;

/** The job-wide settings: {@code timezone:} and {@code health: { after: N }}; a wrong one falls back to its default. */
final class SettingsSection {
    static final List<String> HEALTH_KEYS = List.of("after");

    private final YamlFields fields;
    private final ConfigErrors errors;

    SettingsSection(YamlFields fields) {
        this.fields = fields;
        this.errors = fields.errors();
    }

    ZoneId timezone(Entry entry) {
        if (entry == null) {
            return ConfigLoader.DEFAULT_TIMEZONE;
        }
        Scalar s = fields.scalar(entry, "a time zone like America/New_York");
        String text = s == null ? null : fields.expand(entry, s);
        if (text == null) {
            return ConfigLoader.DEFAULT_TIMEZONE;
        }
        try {
            return ZoneId.of(text);
        } catch (DateTimeException e) {
            List<String> zones = ZoneId.getAvailableZoneIds().stream().sorted().toList();
            errors.error(s, "unknown time zone '" + text + "', expected an IANA zone id like America/New_York or UTC"
                    + DidYouMean.hint(text, zones));
            return ConfigLoader.DEFAULT_TIMEZONE;
        }
    }

    int healthAfter(Entry entry) {
        if (entry == null) {
            return AlertsConfig.DEFAULT_HEALTH_AFTER;
        }
        MapNode map = fields.map(entry, "a map like { after: 3 }");
        if (map == null) {
            return AlertsConfig.DEFAULT_HEALTH_AFTER;
        }
        fields.checkKeys(map, HEALTH_KEYS, "in health");
        Entry after = map.entries().get("after");
        if (after == null) {
            return AlertsConfig.DEFAULT_HEALTH_AFTER;
        }
        Scalar s = fields.scalar(after, "a number of ticks like 3");
        String text = s == null ? null : fields.expand(after, s);
        if (text == null) {
            return AlertsConfig.DEFAULT_HEALTH_AFTER;
        }
        if (!text.matches("[0-9]{1,4}") || Integer.parseInt(text) > AlertsConfig.MAX_HEALTH_AFTER) {
            errors.error(s, "invalid health.after '" + text + "', expected a whole number of ticks from 0 (off) to "
                    + AlertsConfig.MAX_HEALTH_AFTER + " like 3");
            return AlertsConfig.DEFAULT_HEALTH_AFTER;
        }
        return Integer.parseInt(text);
    }
}
