package dev.marketalerts.cli.template;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support: an EventBridge Scheduler {@code cron(minutes hours day-of-month month day-of-week year)} expression, read
 * the way the Scheduler documents it (day-of-week 1-7 is SUN-SAT; one of the two day fields is {@code ?}), for asking
 * whether a local date-time in the schedule's time zone is a tick. Only what plain schedules use: {@code * ? , - /}
 * and names; {@code L}, {@code W} and {@code #} are refused rather than misread.
 */
final class SchedulerCron {
    private static final Pattern CRON = Pattern.compile("cron\\((.*)\\)");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final BitSet years;

    private SchedulerCron(String expression, String[] f) {
        this.expression = expression;
        minutes = field(f[0], 0, 59, List.of(), 0);
        hours = field(f[1], 0, 23, List.of(), 0);
        daysOfMonth = field(f[2], 1, 31, List.of(), 0);
        months = field(f[3], 1, 12, MONTHS, 1);
        daysOfWeek = field(f[4], 1, 7, DAYS, 1);
        years = f[5].equals("*") ? null : field(f[5], 1970, 2199, List.of(), 0);
        if (f[2].equals("?") == f[4].equals("?")) {
            throw new IllegalArgumentException(expression + ": exactly one of day-of-month and day-of-week must be ?");
        }
    }

    /** Reads {@code cron(...)}; anything else (a rate or at expression) is not a cron. */
    static SchedulerCron parse(String expression) {
        Matcher m = CRON.matcher(expression.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(expression + " is not a cron(...) expression");
        }
        String[] fields = m.group(1).strip().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException(expression + ": a Scheduler cron has 6 fields, found " + fields.length);
        }
        return new SchedulerCron(expression, fields);
    }

    static boolean isCron(String expression) {
        return CRON.matcher(expression.strip()).matches();
    }

    /** Whether the schedule fires at this local minute (seconds are ignored). */
    boolean firesAt(LocalDateTime t) {
        int dayOfWeek = t.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : t.getDayOfWeek().getValue() + 1;
        return minutes.get(t.getMinute()) && hours.get(t.getHour()) && daysOfMonth.get(t.getDayOfMonth())
                && months.get(t.getMonthValue()) && daysOfWeek.get(dayOfWeek) && (years == null || years.get(t.getYear()));
    }

    private BitSet field(String text, int min, int max, List<String> names, int firstName) {
        BitSet out = new BitSet();
        if (text.equals("?")) {
            out.set(min, max + 1);
            return out;
        }
        for (String part : text.split(",")) {
            String withoutNames = part.toUpperCase(Locale.ROOT);
            for (String name : names) {
                withoutNames = withoutNames.replace(name, "");
            }
            if (withoutNames.matches(".*[LW#].*")) {
                throw new IllegalArgumentException(expression + ": '" + part + "' (L, W, #) is not supported here");
            }
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                from = value(range.substring(0, range.indexOf('-')), names, firstName);
                to = value(range.substring(range.indexOf('-') + 1), names, firstName);
            } else {
                from = value(range, names, firstName);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max || from > to || step < 1) {
                throw new IllegalArgumentException(expression + ": '" + part + "' is outside " + min + "-" + max);
            }
            for (int v = from; v <= to; v += step) {
                out.set(v);
            }
        }
        return out;
    }

    private static int value(String text, List<String> names, int firstName) {
        int i = names.indexOf(text.toUpperCase(Locale.ROOT));
        return i >= 0 ? i + firstName : Integer.parseInt(text);
    }

    @Override
    public String toString() {
        return expression;
    }
}
