package dev.marketalerts.cli;

import dev.marketalerts.core.job.JobKind;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers for option values; a bad value is a usage error (exit 2) saying what is accepted. */
final class Converters {
    private Converters() {
    }

    /** A {@code --at} value: an instant, or a local date-time to be read in the config's timezone. */
    record At(Instant instant, LocalDateTime local) {
        Instant in(ZoneId zone) {
            return instant != null ? instant : local.atZone(zone).toInstant();
        }
    }

    /**
     * {@code --at}: an ISO instant ({@code 2026-01-23T21:05:00Z}), an ISO date-time with offset
     * ({@code 2026-01-23T16:05-05:00}), or a local date-time read in the config's timezone ({@code 2026-01-23T16:05}).
     */
    static final class AtConverter implements ITypeConverter<At> {
        @Override
        public At convert(String value) {
            String v = value.strip();
            try {
                return new At(Instant.parse(v), null);
            } catch (DateTimeException ignored) {
                // try the other accepted forms
            }
            try {
                return new At(OffsetDateTime.parse(v).toInstant(), null);
            } catch (DateTimeException ignored) {
                // try the other accepted forms
            }
            try {
                return new At(null, LocalDateTime.parse(v));
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a time: use an ISO instant such as 2026-01-23T21:05:00Z, "
                        + "a date-time with offset such as 2026-01-23T16:05-05:00, or 2026-01-23T16:05 (read in the config's timezone)");
            }
        }
    }

    /** {@code --from}/{@code --to}: an ISO date. */
    static final class DateConverter implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.strip());
            } catch (DateTimeException e) {
                throw new TypeConversionException("'" + value + "' is not a date: use YYYY-MM-DD, such as 2026-02-27");
            }
        }
    }

    /** {@code --job}: price, earnings or all. */
    static final class JobConverter implements ITypeConverter<JobKind> {
        @Override
        public JobKind convert(String value) {
            return JobKind.fromWireName(value.strip())
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a job: use price, earnings or all"));
        }
    }
}
