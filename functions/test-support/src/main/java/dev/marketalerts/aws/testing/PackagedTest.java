package dev.marketalerts.aws.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test of the packaged function zips, which the reactor builds at {@code package}: tagged {@value TestTiers#PACKAGED},
 * run by {@code verify} (after {@code package}), not by {@code test}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTiers.PACKAGED)
public @interface PackagedTest {
}
