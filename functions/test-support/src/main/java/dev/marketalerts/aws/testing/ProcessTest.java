package dev.marketalerts.aws.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/** A test that starts child JVMs (seconds each): tagged {@value TestTiers#PROCESS}, run by {@code verify}, not by {@code test}. */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTiers.PROCESS)
public @interface ProcessTest {
}
