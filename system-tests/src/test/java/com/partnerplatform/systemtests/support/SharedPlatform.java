package com.partnerplatform.systemtests.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import com.partnerplatform.launcher.PlatformProcesses;

/**
 * The traced four-service platform that read-only test classes share (one start per test JVM,
 * stopped when the whole run ends): inject a {@link SystemPlatform} parameter into a
 * {@code @BeforeAll} or test method of a class extended with this.
 */
public final class SharedPlatform implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedPlatform.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SystemPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(Holder.class, key -> new Holder(), Holder.class).platform;
    }

    @SuppressWarnings("deprecation")
    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final SystemPlatform platform;

        Holder() {
            // quotes live 40 s instead of 15 min so that a test sees them expire
            platform = SystemPlatform.start("shared", true, builder -> builder.configure(PlatformProcesses.QUOTE,
                    quote -> quote.systemProperty("quote.lifetime", "PT40S").systemProperty("quote.expiry.interval", "2s")),
                    PlatformProcesses.SERVICE_PORTS.keySet().toArray(String[]::new));
            platform.awaitQuotesSigned();
        }

        @Override
        public void close() {
            platform.close();
        }
    }
}
