package org.scoria.scheduler.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * Cinder's extra-spec operators: a requirement such as {@code <is> True}, {@code >= 10},
 * {@code <in> ssd}, {@code <or> a <or> b} or {@code s== gold} against one reported capability;
 * a requirement without an operator must equal the capability.
 */
final class ExtraSpecMatcher {

    private static final Map<String, BiPredicate<Object, String>> OPERATORS = Map.ofEntries(
            Map.entry("=", numeric((have, want) -> have >= want)),
            Map.entry("==", numeric((have, want) -> have == want)),
            Map.entry("!=", numeric((have, want) -> have != want)),
            Map.entry(">=", numeric((have, want) -> have >= want)),
            Map.entry("<=", numeric((have, want) -> have <= want)),
            Map.entry("s==", text(order -> order == 0)),
            Map.entry("s!=", text(order -> order != 0)),
            Map.entry("s<", text(order -> order < 0)),
            Map.entry("s<=", text(order -> order <= 0)),
            Map.entry("s>", text(order -> order > 0)),
            Map.entry("s>=", text(order -> order >= 0)),
            Map.entry("<in>", (have, want) -> python(have).contains(want)),
            Map.entry("<is>", (have, want) -> python(have).equalsIgnoreCase(want)));

    private ExtraSpecMatcher() {
    }

    /** Whether a capability value (a list matches when one of its elements does) meets a requirement. */
    static boolean matches(Object capability, String requirement) {
        if (capability instanceof List<?> values) {
            return values.stream().anyMatch(value -> matches(value, requirement));
        }
        if (requirement == null) {
            return capability == null;
        }
        List<String> words = new ArrayList<>(Arrays.asList(requirement.trim().split("\\s+")));
        String operator = words.get(0);
        BiPredicate<Object, String> method = OPERATORS.get(operator);
        if (!"<or>".equals(operator) && !"<all-in>".equals(operator) && method == null) {
            return python(capability).equals(requirement);
        }
        if (capability == null || words.size() < 2) {
            return false;
        }
        words.remove(0);
        if ("<or>".equals(operator)) {
            // "<or> a <or> b": every other word is an alternative.
            for (int i = 0; i < words.size(); i += 2) {
                if (words.get(i).equals(python(capability))) {
                    return true;
                }
            }
            return false;
        }
        if ("<all-in>".equals(operator)) {
            return words.stream().allMatch(python(capability)::contains);
        }
        return method.test(capability, words.get(0));
    }

    /** A value as Python's str() writes it, since extra specs are written against Cinder's drivers' values. */
    private static String python(Object value) {
        if (value instanceof Boolean flag) {
            return flag ? "True" : "False";
        }
        return String.valueOf(value);
    }

    private interface NumericTest {
        boolean test(double have, double want);
    }

    private interface OrderTest {
        boolean test(int order);
    }

    private static BiPredicate<Object, String> numeric(NumericTest test) {
        return (have, want) -> {
            try {
                return test.test(Double.parseDouble(python(have)), Double.parseDouble(want));
            } catch (NumberFormatException notANumber) {
                return false;
            }
        };
    }

    private static BiPredicate<Object, String> text(OrderTest test) {
        return (have, want) -> test.test(python(have).compareTo(want));
    }

    /** The capability a key names: {@code capabilities:} scoped keys and unscoped ones; other scopes are not for the scheduler. */
    static boolean concernsScheduler(String key) {
        int colon = key.indexOf(':');
        return colon < 0 || key.substring(0, colon).toLowerCase(Locale.ROOT).equals("capabilities");
    }
}
