package io.treebeard.stack.junit;

import io.treebeard.stack.LocalStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives integration tests a {@link LocalStack} parameter. One stack is started per test JVM, on first use, kept in
 * JUnit's root store and closed when the engine finishes; test classes isolate themselves with their own databases,
 * topics and key prefixes rather than paying for a stack each.
 */
public final class LocalStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == LocalStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getRoot()
                .getStore(ExtensionContext.Namespace.create(LocalStackExtension.class))
                .computeIfAbsent(LocalStack.class, key -> LocalStack.start(), LocalStack.class);
    }
}
