package org.scoria.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.scoria.volume.api.RequestContext;

/**
 * One rule in oslo.policy's language: {@code @} (anyone), {@code !} (no one), an empty rule
 * (anyone), checks {@code role:<name>}, {@code rule:<name>}, {@code is_admin:True|False},
 * {@code project_id:<id>} and {@code user_id:<id>}, joined with {@code and}, {@code or},
 * {@code not} and parentheses. {@code project_id:%(project_id)s} and {@code user_id:%(user_id)s}
 * hold for every caller: the services already confine a caller to the project of its token.
 */
interface PolicyRule {

    /**
     * @param rules   the named rules {@code rule:} checks refer to
     * @param visited names being evaluated, to stop a rule that refers to itself
     */
    boolean test(RequestContext caller, Map<String, PolicyRule> rules, Set<String> visited);

    /** @throws IllegalArgumentException naming what does not parse */
    static PolicyRule parse(String text) {
        return new Parser(text).parse();
    }

    /**
     * A policy file: a YAML mapping of rule names to rules, one per line, names and rules plain or
     * quoted, {@code #} comments. Nothing else of YAML is needed for a policy file.
     *
     * @throws IllegalArgumentException naming the line that does not parse
     */
    static Map<String, PolicyRule> parseFile(String text) {
        Map<String, PolicyRule> rules = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.equals("---")) {
                continue;
            }
            try {
                String[] entry = Parser.entry(line);
                rules.put(entry[0], parse(entry[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rules;
    }

    /** A recursive-descent parser over whitespace- and parenthesis-separated tokens. */
    final class Parser {

        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int next;

        private Parser(String text) {
            this.text = text;
            for (String word : text.trim().split("\\s+")) {
                int start = 0;
                int end = word.length();
                while (start < end && word.charAt(start) == '(') {
                    tokens.add("(");
                    start++;
                }
                int closing = 0;
                // A check's own value may hold parentheses, %(project_id)s: only trailing ones close groups.
                while (end > start && word.charAt(end - 1) == ')' && balance(word.substring(start, end)) < 0) {
                    end--;
                    closing++;
                }
                if (end > start) {
                    tokens.add(word.substring(start, end));
                }
                for (int i = 0; i < closing; i++) {
                    tokens.add(")");
                }
            }
        }

        private static int balance(String word) {
            return (int) (word.chars().filter(c -> c == '(').count() - word.chars().filter(c -> c == ')').count());
        }

        static String[] entry(String line) {
            String name;
            String rest;
            if (line.startsWith("\"") || line.startsWith("'")) {
                int close = line.indexOf(line.charAt(0), 1);
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated quoted name: " + line);
                }
                name = line.substring(1, close);
                rest = line.substring(close + 1).strip();
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("expected \"<rule name>\": \"<rule>\", got " + line);
                }
                rest = rest.substring(1).strip();
            } else {
                int colon = line.indexOf(": ");
                if (colon < 0 && line.endsWith(":")) {
                    colon = line.length() - 1;
                }
                if (colon < 0) {
                    throw new IllegalArgumentException("expected \"<rule name>\": \"<rule>\", got " + line);
                }
                name = line.substring(0, colon).strip();
                rest = line.substring(colon + 1).strip();
            }
            String rule;
            if (rest.startsWith("\"") || rest.startsWith("'")) {
                int close = rest.lastIndexOf(rest.charAt(0));
                if (close == 0) {
                    throw new IllegalArgumentException("unterminated quoted rule: " + line);
                }
                String after = rest.substring(close + 1).strip();
                if (!after.isEmpty() && !after.startsWith("#")) {
                    throw new IllegalArgumentException("unexpected text after the rule: " + after);
                }
                rule = rest.substring(1, close);
            } else {
                int comment = rest.indexOf(" #");
                rule = comment < 0 ? rest : rest.substring(0, comment).strip();
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a rule without a name: " + line);
            }
            return new String[] {name, rule};
        }

        PolicyRule parse() {
            if (tokens.isEmpty()) {
                return (caller, rules, visited) -> true;
            }
            PolicyRule rule = or();
            if (next < tokens.size()) {
                throw new IllegalArgumentException("unexpected '" + tokens.get(next) + "' in rule '" + text + "'");
            }
            return rule;
        }

        private PolicyRule or() {
            PolicyRule left = and();
            while (accept("or")) {
                PolicyRule first = left;
                PolicyRule second = and();
                left = (caller, rules, visited) -> first.test(caller, rules, visited) || second.test(caller, rules, visited);
            }
            return left;
        }

        private PolicyRule and() {
            PolicyRule left = not();
            while (accept("and")) {
                PolicyRule first = left;
                PolicyRule second = not();
                left = (caller, rules, visited) -> first.test(caller, rules, visited) && second.test(caller, rules, visited);
            }
            return left;
        }

        private PolicyRule not() {
            if (accept("not")) {
                PolicyRule negated = not();
                return (caller, rules, visited) -> !negated.test(caller, rules, visited);
            }
            if (accept("(")) {
                PolicyRule group = or();
                if (!accept(")")) {
                    throw new IllegalArgumentException("missing ')' in rule '" + text + "'");
                }
                return group;
            }
            if (next >= tokens.size()) {
                throw new IllegalArgumentException("rule '" + text + "' ends where a check is expected");
            }
            return check(tokens.get(next++));
        }

        private boolean accept(String token) {
            if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(token)) {
                next++;
                return true;
            }
            return false;
        }

        private PolicyRule check(String token) {
            if (token.equals("@")) {
                return (caller, rules, visited) -> true;
            }
            if (token.equals("!")) {
                return (caller, rules, visited) -> false;
            }
            int colon = token.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + token + "' is not a check (role:, rule:, is_admin:, project_id:,"
                        + " user_id:, @ or !) in rule '" + text + "'");
            }
            String kind = token.substring(0, colon);
            String value = token.substring(colon + 1);
            return switch (kind) {
                case "role" -> (caller, rules, visited) -> caller.roles().contains(value.toLowerCase(Locale.ROOT));
                case "rule" -> (caller, rules, visited) -> {
                    PolicyRule named = rules.get(value);
                    if (named == null || !visited.add(value)) {
                        return false;
                    }
                    try {
                        return named.test(caller, rules, visited);
                    } finally {
                        visited.remove(value);
                    }
                };
                case "is_admin" -> {
                    boolean wanted = Boolean.parseBoolean(value);
                    yield (caller, rules, visited) -> caller.admin() == wanted;
                }
                case "project_id", "tenant" -> value.equals("%(project_id)s") ? (caller, rules, visited) -> true
                        : (caller, rules, visited) -> value.equals(caller.projectId());
                case "user_id" -> value.equals("%(user_id)s") ? (caller, rules, visited) -> true
                        : (caller, rules, visited) -> value.equals(caller.userId());
                default -> throw new IllegalArgumentException("unknown check '" + kind + ":' in rule '" + text + "'");
            };
        }
    }
}
