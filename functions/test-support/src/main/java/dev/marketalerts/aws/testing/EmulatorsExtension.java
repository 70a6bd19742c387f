package dev.marketalerts.aws.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives {@link EmulatorTest} classes their {@link Emulators}: one per test class (a nested class shares its enclosing
 * class's once that one has asked), kept in the class's JUnit store, which closes it, stopping the processes, when the
 * class is done.
 */
public final class EmulatorsExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmulatorsExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Emulators.class;
    }

    @Override
    public Emulators resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return classContext(context).getStore(NAMESPACE).computeIfAbsent(Emulators.class, k -> new Emulators(), Emulators.class);
    }

    /** The context of the test class itself, also when asked from a test method or one invocation of it. */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }
}
