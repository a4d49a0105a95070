package dev.conftekton.identity.keycloak;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the shared {@link KeycloakServer} into test methods and constructors. The server starts
 * on first use and stops when the root test context closes, so a test run starts Keycloak once no
 * matter how many test classes use it.
 */
public final class KeycloakExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot()
                .getStore(ExtensionContext.Namespace.create(KeycloakExtension.class))
                .getOrComputeIfAbsent("server", k -> new Closer(KeycloakServer.shared()), Closer.class)
                .server;
    }

    private record Closer(KeycloakServer server) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            server.close();
        }
    }
}
