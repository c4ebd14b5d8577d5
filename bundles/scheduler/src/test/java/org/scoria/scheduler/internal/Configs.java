package org.scoria.scheduler.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** Component configurations for tests, as DS makes them: the given values, each other attribute its default. */
final class Configs {

    private Configs() {
    }

    /** @param values attribute values by method name */
    static <T> T of(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = values.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        }));
    }

    /** A weigher configuration with this multiplier. */
    static <T> T multiplier(Class<T> type, double multiplier) {
        return of(type, Map.of("multiplier", multiplier));
    }
}
