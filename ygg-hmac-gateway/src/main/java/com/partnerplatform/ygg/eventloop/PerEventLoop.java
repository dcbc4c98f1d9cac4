package com.partnerplatform.ygg.eventloop;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.ContextInternal;

/**
 * One instance per Vert.x event loop, created on that loop the first time a request there asks for
 * it: a client or pool created on a loop's context opens its connections on that loop, so the
 * request that uses them is written and answered without handing over to another thread.
 */
public final class PerEventLoop<T> {

    private final Map<EventLoop, T> instances = new ConcurrentHashMap<>();
    private final Supplier<T> create;

    public PerEventLoop(Supplier<T> create) {
        this.create = create;
    }

    /** This event loop's instance, created now if it is the first use; null when not called on an event loop. */
    public T here() {
        Context context = Vertx.currentContext();
        if (!(context instanceof ContextInternal internal) || !context.isEventLoopContext()) {
            return null;
        }
        return instances.computeIfAbsent(internal.nettyEventLoop(), loop -> create.get());
    }

    public void forEach(Consumer<T> action) {
        instances.values().forEach(action);
    }
}
