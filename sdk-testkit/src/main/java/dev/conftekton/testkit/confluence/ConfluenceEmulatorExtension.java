package dev.conftekton.testkit.confluence;

import java.util.Objects;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects a started {@link ConfluenceEmulator} as a parameter and closes it afterwards.
 *
 * <p>A parameter of a test method gets a fresh emulator for that test; a parameter of a {@code @BeforeAll} method or
 * of the test class constructor (with {@code PER_CLASS} lifecycle) gets one shared by the class.
 *
 * <pre>{@code
 * @ExtendWith(ConfluenceEmulatorExtension.class)          // seeded with EmulatorSeed.example()
 * class MyTest {
 *     @Test
 *     void readsSpaces(ConfluenceEmulator confluence) {
 *         EmulatorUser alice = confluence.user("alice@example.com");
 *         // call confluence.cloudUrl() + "/api/v2/spaces" with alice.basicAuthorization()
 *     }
 * }
 *
 * class OtherTest {
 *     @RegisterExtension
 *     static ConfluenceEmulatorExtension confluence = new ConfluenceEmulatorExtension(
 *             ConfluenceEmulator.builder().seed(EmulatorSeed.fromFile(Path.of("seed.yaml"))));
 * }
 * }</pre>
 */
public final class ConfluenceEmulatorExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ConfluenceEmulatorExtension.class);

    private final ConfluenceEmulator.Builder builder;

    /** Emulators seeded with {@link EmulatorSeed#example()} on a free port. */
    public ConfluenceEmulatorExtension() {
        this(ConfluenceEmulator.builder());
    }

    /** Emulators built from {@code builder} (each injection builds and starts a new one). */
    public ConfluenceEmulatorExtension(ConfluenceEmulator.Builder builder) {
        this.builder = Objects.requireNonNull(builder, "builder");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ConfluenceEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        // JUnit closes AutoCloseable values of the store when the context (test or class) ends. The key names the
        // context, because a store lookup also sees the parents' values: a test must not get the class's emulator.
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        context.getUniqueId(), k -> builder.build().start(), ConfluenceEmulator.class);
    }
}
