package dev.marketalerts.aws.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What {@link EmulatorTest} classes get: emulators started when asked for, shared by the class, stopped after it. */
@EmulatorTest
class EmulatorsExtensionTest {
    private static final List<Integer> NESTED_CLASS_PORTS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void theEmulatorsOfTheNestedClassWereStoppedWhenItEnded() {
        assertThat(NESTED_CLASS_PORTS).as("ports the nested class's dynalite listened on").hasSize(2).doesNotContainNull();
        assertThat(NESTED_CLASS_PORTS.get(0)).isEqualTo(NESTED_CLASS_PORTS.get(1));
        assertThat(canConnect(NESTED_CLASS_PORTS.get(0))).as("dynalite still listening after its class").isFalse();
    }

    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OneTestClass {
        @Test
        @Order(1)
        void startsOnlyTheEmulatorAskedFor(Emulators emulators) {
            assertThat(emulators.started()).isEmpty();

            LocalEmulator dynalite = emulators.dynalite();

            assertThat(emulators.started()).containsExactly(LocalEmulator.Kind.DYNALITE);
            assertThat(dynalite.endpoint().toString()).isEqualTo("http://127.0.0.1:" + dynalite.port());
            assertThat(canConnect(dynalite.port())).isTrue();
            NESTED_CLASS_PORTS.add(dynalite.port());
        }

        @Test
        @Order(2)
        void laterTestsOfTheClassGetTheSameOne(Emulators emulators) {
            assertThat(emulators.started()).containsExactly(LocalEmulator.Kind.DYNALITE);
            NESTED_CLASS_PORTS.add(emulators.dynalite().port());
        }
    }

    private static boolean canConnect(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
