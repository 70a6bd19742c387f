package dev.marketalerts.aws.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test against the local AWS emulators: tagged {@value TestTiers#EMULATOR} (run by {@code verify}, not by {@code test}),
 * and given an {@link Emulators} parameter whose dynalite and fauxqs start when first asked for, once per test class.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(TestTiers.EMULATOR)
@ExtendWith(EmulatorsExtension.class)
public @interface EmulatorTest {
}
