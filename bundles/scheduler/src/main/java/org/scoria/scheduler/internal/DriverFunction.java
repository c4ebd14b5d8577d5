package org.scoria.scheduler.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;


/**
 * The expressions backends report as Cinder's {@code filter_function} and
 * {@code goodness_function}, e.g. {@code volume.size < 100 and capabilities.total_volumes < 500}
 * or {@code stats.free_capacity_gb > 500 ? 100 : 50}.
 * <p>
 * Cinder's language: numbers, quoted texts, {@code true}/{@code false}, dotted variables;
 * {@code + - * / ^}, signs, comparisons {@code < <= > >= == != <>} (chained as in Python),
 * {@code not ! and && & or || |}, the ternary {@code c ? a : b}, and {@code abs}, {@code max},
 * {@code min}. Precedence from the tightest: sign, {@code ^}, {@code * /}, {@code + -},
 * comparisons, {@code not}, {@code and}, {@code or}, ternary.
 * <p>
 * One class: the grammar's recursive-descent parser, one method per precedence level, reads
 * best in one place.
 */
final class DriverFunction {

    /** A value: Double, Boolean or String. */
    private interface Node {
        Object evaluate(Function<String, Object> variables);
    }

    private final Node root;

    private DriverFunction(Node root) {
        this.root = root;
    }

    /** @throws IllegalArgumentException naming where the text stops making sense */
    static DriverFunction parse(String text) {
        Parser parser = new Parser(text);
        Node root = parser.ternary();
        if (!parser.atEnd()) {
            throw parser.error("unexpected " + parser.peek());
        }
        return new DriverFunction(root);
    }

    /**
     * The value for one backend and request.
     *
     * @param variables values by dotted name, {@code null} for a name that has none
     * @throws IllegalArgumentException for an unknown variable, a division by zero or arithmetic on a text
     */
    Object evaluate(Function<String, Object> variables) {
        return root.evaluate(variables);
    }

    static boolean truthy(Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof Double number) {
            return number != 0;
        }
        return value instanceof String text && !text.isEmpty();
    }

    static double number(Object value) {
        if (value instanceof Double number) {
            return number;
        }
        if (value instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        try {
            return Double.parseDouble(String.valueOf(value).trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("'" + value + "' is not a number");
        }
    }

    /** A variable's value as the language has it: numbers as doubles, other values as text. */
    private static Object value(String name, Object raw) {
        if (raw == null) {
            throw new IllegalArgumentException("unknown variable " + name);
        }
        if (raw instanceof Number number) {
            return number.doubleValue();
        }
        if (raw instanceof Boolean) {
            return raw;
        }
        return String.valueOf(raw);
    }

    private static boolean compare(String operator, Object left, Object right) {
        int order;
        if (left instanceof String a && right instanceof String b) {
            order = a.compareTo(b);
        } else if (left instanceof String || right instanceof String) {
            // A text against a number compares as numbers when the text is one, else only for (in)equality.
            try {
                order = Double.compare(number(left), number(right));
            } catch (IllegalArgumentException notNumbers) {
                if (operator.equals("==")) {
                    return false;
                }
                if (operator.equals("!=") || operator.equals("<>")) {
                    return true;
                }
                throw notNumbers;
            }
        } else {
            order = Double.compare(number(left), number(right));
        }
        return switch (operator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            case "==" -> order == 0;
            default -> order != 0;
        };
    }

    private static double arithmetic(String operator, double left, double right) {
        return switch (operator) {
            case "+" -> left + right;
            case "-" -> left - right;
            case "*" -> left * right;
            case "^" -> Math.pow(left, right);
            default -> {
                if (right == 0) {
                    throw new IllegalArgumentException("division by zero");
                }
                yield left / right;
            }
        };
    }

    /** Recursive descent over the tokens, one method per precedence level. */
    private static final class Parser {

        private static final List<String> SYMBOLS = List.of("<=", ">=", "==", "!=", "<>", "&&", "||", "<", ">", "+",
                "-", "*", "/", "^", "(", ")", ",", "?", ":", "!", "&", "|");

        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private final List<Integer> positions = new ArrayList<>();
        private int next;

        Parser(String text) {
            this.text = text;
            tokenize();
        }

        private void tokenize() {
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                int start = i;
                if (Character.isWhitespace(c)) {
                    i++;
                    continue;
                }
                if (Character.isDigit(c) || c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                    while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                        i++;
                    }
                } else if (Character.isLetter(c) || c == '_') {
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                            || text.charAt(i) == '.')) {
                        i++;
                    }
                } else if (c == '\'' || c == '"') {
                    i = text.indexOf(c, i + 1);
                    if (i < 0) {
                        throw new IllegalArgumentException("unclosed text at " + start + " in '" + text + "'");
                    }
                    i++;
                } else {
                    String symbol = SYMBOLS.stream().filter(s -> text.startsWith(s, start)).findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("unexpected '" + c + "' at " + start
                                    + " in '" + text + "'"));
                    i += symbol.length();
                }
                tokens.add(text.substring(start, i));
                positions.add(start);
            }
        }

        boolean atEnd() {
            return next == tokens.size();
        }

        String peek() {
            return atEnd() ? "end" : "'" + tokens.get(next) + "'";
        }

        IllegalArgumentException error(String problem) {
            int at = atEnd() ? text.length() : positions.get(next);
            return new IllegalArgumentException(problem + " at " + at + " in '" + text + "'");
        }

        /** Consumes the next token when it is one of {@code choices} (keywords in any case). */
        private String accept(String... choices) {
            if (atEnd()) {
                return null;
            }
            String token = tokens.get(next);
            for (String choice : choices) {
                if (choice.equals(token) || Character.isLetter(choice.charAt(0)) && choice.equalsIgnoreCase(token)) {
                    next++;
                    return choice;
                }
            }
            return null;
        }

        private void expect(String token) {
            if (accept(token) == null) {
                throw error("expected '" + token + "' but found " + peek());
            }
        }

        Node ternary() {
            Node condition = or();
            if (accept("?") == null) {
                return condition;
            }
            Node then = ternary();
            expect(":");
            Node otherwise = ternary();
            return variables -> truthy(condition.evaluate(variables)) ? then.evaluate(variables)
                    : otherwise.evaluate(variables);
        }

        private Node or() {
            Node left = and();
            while (accept("or", "||", "|") != null) {
                Node a = left;
                Node b = and();
                left = variables -> truthy(a.evaluate(variables)) || truthy(b.evaluate(variables));
            }
            return left;
        }

        private Node and() {
            Node left = not();
            while (accept("and", "&&", "&") != null) {
                Node a = left;
                Node b = not();
                left = variables -> truthy(a.evaluate(variables)) && truthy(b.evaluate(variables));
            }
            return left;
        }

        private Node not() {
            if (accept("not", "!") != null) {
                Node operand = not();
                return variables -> !truthy(operand.evaluate(variables));
            }
            return comparison();
        }

        private Node comparison() {
            Node first = additive();
            List<String> operators = new ArrayList<>();
            List<Node> operands = new ArrayList<>(List.of(first));
            String operator;
            while ((operator = accept("<=", ">=", "==", "!=", "<>", "<", ">")) != null) {
                operators.add(operator);
                operands.add(additive());
            }
            if (operators.isEmpty()) {
                return first;
            }
            // a < b < c means a < b and b < c.
            return variables -> {
                Object left = operands.get(0).evaluate(variables);
                for (int i = 0; i < operators.size(); i++) {
                    Object right = operands.get(i + 1).evaluate(variables);
                    if (!compare(operators.get(i), left, right)) {
                        return false;
                    }
                    left = right;
                }
                return true;
            };
        }

        private Node additive() {
            Node left = multiplicative();
            String operator;
            while ((operator = accept("+", "-")) != null) {
                left = binary(operator, left, multiplicative());
            }
            return left;
        }

        private Node multiplicative() {
            Node left = power();
            String operator;
            while ((operator = accept("*", "/")) != null) {
                left = binary(operator, left, power());
            }
            return left;
        }

        /** Left-associative, as Cinder's: 2 ^ 3 ^ 2 is 64. */
        private Node power() {
            Node left = sign();
            while (accept("^") != null) {
                left = binary("^", left, sign());
            }
            return left;
        }

        private static Node binary(String operator, Node left, Node right) {
            return variables -> arithmetic(operator, number(left.evaluate(variables)), number(right.evaluate(variables)));
        }

        private Node sign() {
            String operator = accept("-", "+");
            if (operator == null) {
                return primary();
            }
            Node operand = sign();
            return operator.equals("-") ? variables -> -number(operand.evaluate(variables))
                    : variables -> number(operand.evaluate(variables));
        }

        private Node primary() {
            if (atEnd()) {
                throw error("expected a value but found the end");
            }
            if (accept("(") != null) {
                Node inner = ternary();
                expect(")");
                return inner;
            }
            String token = tokens.get(next);
            char first = token.charAt(0);
            if (Character.isDigit(first) || first == '.') {
                next++;
                double number;
                try {
                    number = Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    next--;
                    throw error("malformed number '" + token + "'");
                }
                return variables -> number;
            }
            if (first == '\'' || first == '"') {
                next++;
                String literal = token.substring(1, token.length() - 1);
                return variables -> literal;
            }
            if (!Character.isLetter(first) && first != '_') {
                throw error("expected a value but found " + peek());
            }
            next++;
            String name = token.toLowerCase(Locale.ROOT);
            if (name.equals("true") || name.equals("false")) {
                boolean flag = name.equals("true");
                return variables -> flag;
            }
            if (accept("(") != null) {
                return call(name);
            }
            return variables -> value(token, variables.apply(token));
        }

        private Node call(String function) {
            List<Node> arguments = new ArrayList<>();
            if (accept(")") == null) {
                do {
                    arguments.add(ternary());
                } while (accept(",") != null);
                expect(")");
            }
            switch (function) {
                case "abs" -> {
                    if (arguments.size() != 1) {
                        throw error("abs takes one argument, not " + arguments.size());
                    }
                    return variables -> Math.abs(number(arguments.get(0).evaluate(variables)));
                }
                case "max", "min" -> {
                    if (arguments.isEmpty()) {
                        throw error(function + " needs at least one argument");
                    }
                    boolean max = function.equals("max");
                    return variables -> {
                        double result = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                        for (Node argument : arguments) {
                            double value = number(argument.evaluate(variables));
                            result = max ? Math.max(result, value) : Math.min(result, value);
                        }
                        return result;
                    };
                }
                default -> throw error("unknown function " + function + " (abs, max and min are known)");
            }
        }
    }
}
