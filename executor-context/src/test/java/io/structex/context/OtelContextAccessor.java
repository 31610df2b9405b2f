package io.structex.context;

import io.micrometer.context.ThreadLocalAccessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry's current {@link Context} as a context-propagation accessor (what Micrometer
 * Tracing's OTel bridge registers in an application): setting makes a context current, restoring
 * closes that scope, innermost first.
 */
final class OtelContextAccessor implements ThreadLocalAccessor<Context> {

    private static final ThreadLocal<Deque<Scope>> SCOPES =
            ThreadLocal.withInitial(ArrayDeque::new);

    @Override
    public Object key() {
        return "otel";
    }

    @Override
    public @Nullable Context getValue() {
        Context current = Context.current();
        return current == Context.root() ? null : current;
    }

    @Override
    public void setValue(Context value) {
        SCOPES.get().push(value.makeCurrent());
    }

    @Override
    public void setValue() {
        SCOPES.get().push(Context.root().makeCurrent());
    }

    @Override
    public void restore(Context previousValue) {
        SCOPES.get().pop().close();
    }

    @Override
    public void restore() {
        SCOPES.get().pop().close();
    }
}
