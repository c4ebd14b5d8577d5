package org.scoria.persistence.testing;

import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Component configurations for unit tests, as DS makes them: the given values, each other
 * attribute its default. In this test jar because every bundle's tests need it.
 */
public final class ComponentConfigs {

    private ComponentConfigs() {
    }

    /** @param values attribute values by method name */
    public static <T> T of(Class<T> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            Object value = values.get(method.getName());
            return value != null ? value : method.getDefaultValue();
        }));
    }
}
