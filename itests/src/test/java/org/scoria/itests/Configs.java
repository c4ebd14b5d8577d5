package org.scoria.itests;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A component's configuration annotation as Config Admin hands it over, for calling a component directly. */
final class Configs {

    private Configs() {
    }

    /**
     * The values given by method name (underscores for dots), the annotation's defaults for the rest.
     *
     * @throws IllegalStateException when a method with no default is called and no value was given
     */
    static <A> A of(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, arguments) -> {
                    Object value = values.containsKey(method.getName()) ? values.get(method.getName())
                            : method.getDefaultValue();
                    if (value == null) {
                        throw new IllegalStateException("no value for " + method.getName());
                    }
                    return value;
                }));
    }
}
