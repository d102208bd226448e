package io.arbiter.ruleset;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;
import io.arbiter.decision.FactType;
import io.arbiter.decision.SignalCondition;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The only condition language a decision table may use, checked by a small parser rather than
 * patterns so that nothing outside it can slip through:
 * <pre>
 * pattern    := 'Command' '(' [constraint (',' constraint)*] ')'
 * constraint := term (('||' | '&&') term)*
 * term       := '(' constraint ')' | field comparison literal | 'attr' '(' string ')' comparison string
 *             | 'signal' '(' string ')' comparison literal | 'stale' '(' string ')'
 * literal    := string | number | 'true' | 'false', as the field's (or the signal's declared) type says
 * string     := '"' any character but '"', '\', line breaks '"'
 * </pre>
 * The fields, their comparisons and literals are the {@link FactModel}'s: a text field is compared
 * ({@code ==}, {@code !=}) with a string, a number field ({@code bucket}) with a number, the
 * attributes, by name, with a string, and a signal, by name, as its declaration types it (a NUMBER
 * with a number by any comparison; a BOOLEAN with {@code true}/{@code false} and a LEVEL with one of
 * its levels in quotes, by {@code ==} or {@code !=}). A signal that is not declared is an error
 * naming the declared ones; without declarations (reading a table for its layout, the offline
 * simulator) any well-formed name is taken and its literal says its type.
 *
 * <p>Column templates are read with their placeholders in place ({@code $param}, {@code "$param"},
 * inside {@code forall} {@code $} and {@code "$"}), and the grammar says what each stands for — so a
 * column's cell type follows from it. A column tests signals or command fields, never both: a
 * column of fields is DRL as written, for the engine; a column of signals is read into a
 * {@link SignalCondition} with its literals parsed, which Arbiter tests on the rows the engine
 * matched, so that a stale or missing signal never satisfies it (and no signal reaches the engine).
 */
final class ConditionGrammar {
    private static final java.util.regex.Pattern SIGNAL_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private ConditionGrammar() {
    }

    /** What a placeholder of a template stands for, and so what its cell must hold. */
    enum Slot {
        /** Text in quotes. */
        TEXT,
        /** A number. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A number, {@code true} or {@code false}: a signal's literal when no declarations are known. */
        NUMBER_OR_BOOLEAN,
        /** One of a LEVEL signal's levels. */
        LEVEL,
        /** The name of a declared signal. */
        SIGNAL
    }

    /**
     * A placeholder's meaning.
     *
     * @param options the levels of a LEVEL slot, the declared names of a SIGNAL slot (null: any), else empty
     */
    record Placeholder(Slot slot, List<String> options) {
    }

    /**
     * Conditions read: the signals they test, what — read as a template — each placeholder stands
     * for, in order, and, for a column of signal tests read with its values, the condition Arbiter
     * tests (null for a column of command fields, which is DRL as written).
     */
    record Reading(Set<String> signals, List<Placeholder> placeholders, SignalCondition condition) {
    }

    /** A comma-separated list of constraints, or IllegalArgumentException saying what is wrong. */
    static Reading constraints(String text, Map<String, SignalDeclaration> signals) {
        return read(text.strip(), false, null, signals);
    }

    /** A template's constraints with {@code placeholder} ({@code $param} or {@code $}) standing for its literals. */
    static Reading template(String text, String placeholder, Map<String, SignalDeclaration> signals) {
        return read(text.strip(), false, placeholder, signals);
    }

    /** A generated {@code Command(…)} pattern, or IllegalArgumentException saying what is wrong. */
    static Reading pattern(String snippet, Map<String, SignalDeclaration> signals) {
        return read(snippet.strip(), true, null, signals);
    }

    private static Reading read(String text, boolean pattern, String placeholder, Map<String, SignalDeclaration> signals) {
        Parser p = new Parser(tokens(text, placeholder), placeholder, signals);
        if (pattern) {
            p.pattern();
        } else {
            p.constraints(null);
        }
        p.expectEnd();
        if (!pattern && p.fieldTerms > 0 && p.signalTerms > 0) {
            throw new IllegalArgumentException("a condition tests signals or command fields, not both: put signal(…) and stale(…)"
                    + " in a column of their own (a row holds when all its columns hold)");
        }
        boolean signalColumn = !pattern && placeholder == null && p.signalTerms > 0;
        return new Reading(p.signalsTested, List.copyOf(p.placeholders), signalColumn ? p.condition : null);
    }

    private record Token(String kind, String text) {
    }

    private static List<Token> tokens(String s, String placeholder) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = i + 1;
                while (end < s.length() && s.charAt(end) != '"') {
                    char x = s.charAt(end);
                    if (x == '\\' || x == '\n' || x == '\r') {
                        throw new IllegalArgumentException("text may not contain backslashes or line breaks");
                    }
                    end++;
                }
                if (end == s.length()) {
                    throw new IllegalArgumentException("unterminated text");
                }
                out.add(new Token("string", s.substring(i, end + 1)));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                int end = i + 1;
                while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.')) {
                    end++;
                }
                out.add(new Token("number", s.substring(i, end)));
                i = end;
            } else if (c == '$' && placeholder != null && s.startsWith(placeholder, i)
                    && (i + placeholder.length() == s.length() || !Character.isJavaIdentifierPart(s.charAt(i + placeholder.length())))) {
                out.add(new Token("placeholder", placeholder));
                i += placeholder.length();
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i + 1;
                while (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end))) {
                    end++;
                }
                out.add(new Token("name", s.substring(i, end)));
                i = end;
            } else {
                String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
                if (Set.of("==", "!=", "<=", ">=", "||", "&&").contains(two)) {
                    out.add(new Token("op", two));
                    i += 2;
                } else if ("<>(),".indexOf(c) >= 0) {
                    out.add(new Token("op", String.valueOf(c)));
                    i++;
                } else {
                    throw new IllegalArgumentException("'" + c + "' is not part of a condition");
                }
            }
        }
        return out;
    }

    private static final class Parser {
        private final List<Token> tokens;
        private final String placeholder;
        private final Map<String, SignalDeclaration> signals;
        private static final int MAX_DEPTH = 32;
        private int at;
        private int depth;
        final Set<String> signalsTested = new TreeSet<>();
        final List<Placeholder> placeholders = new ArrayList<>();
        int fieldTerms;
        int signalTerms;
        /** What the constraints read say about signals (null where a term is a field's or a literal is a placeholder). */
        SignalCondition condition;

        Parser(List<Token> tokens, String placeholder, Map<String, SignalDeclaration> signals) {
            this.tokens = tokens;
            this.placeholder = placeholder;
            this.signals = signals;
        }

        void pattern() {
            expect("Command", "conditions test the command ('Command(...)')");
            expect("(", "expected '('");
            if (!peekText(")")) {
                constraints(")");
            }
            expect(")", "expected ')'");
        }

        /** Comma-separated constraints: all must hold. */
        void constraints(String closer) {
            List<SignalCondition> all = new ArrayList<>();
            all.add(constraint());
            while (peekText(",")) {
                at++;
                all.add(constraint());
            }
            condition = all.contains(null) ? null : all.size() == 1 ? all.get(0) : new SignalCondition.All(all);
            if (closer == null) {
                return;
            }
            if (!peekText(closer)) {
                throw new IllegalArgumentException("expected '" + closer + "'");
            }
        }

        /** Terms joined by {@code &&} and {@code ||}, {@code &&} binding tighter, as Drools reads them. */
        SignalCondition constraint() {
            List<SignalCondition> any = new ArrayList<>();
            List<SignalCondition> all = new ArrayList<>();
            all.add(term());
            while (peekText("||") || peekText("&&")) {
                if (tokens.get(at++).text().equals("||")) {
                    any.add(all.contains(null) ? null : all.size() == 1 ? all.get(0) : new SignalCondition.All(all));
                    all = new ArrayList<>();
                }
                all.add(term());
            }
            any.add(all.contains(null) ? null : all.size() == 1 ? all.get(0) : new SignalCondition.All(all));
            return any.contains(null) ? null : any.size() == 1 ? any.get(0) : new SignalCondition.Any(any);
        }

        /** One term; what it says about signals (null for a field's, or one whose literal is a placeholder). */
        SignalCondition term() {
            if (peekText("(")) {
                // Bounded so a template of nested parentheses is an error, not a stack overflow.
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("parentheses are nested more than " + MAX_DEPTH + " deep");
                }
                at++;
                SignalCondition inner = constraint();
                expect(")", "expected ')'");
                depth--;
                return inner;
            }
            Token name = next("a command field");
            if (!name.kind().equals("name")) {
                throw new IllegalArgumentException("expected a command field, found '" + name.text() + "'");
            }
            if (name.text().equals(FactField.STALE_TERM)) {
                signalTerms++;
                String signal = signalName(name.text());
                return signal.equals(placeholder) ? null : new SignalCondition.Stale(signal);
            }
            FactField field = FactModel.tested(name.text());
            if (field == null) {
                throw new IllegalArgumentException("'" + name.text() + "' is not a field of the command"
                        + (FactModel.TRACE_FIELDS.contains(name.text())
                                ? " (it traces the command and is recorded with the decision, but rules do not test it)" : "")
                        + "; fields are " + FactModel.conditionsInWords());
            }
            if (field.type() == FactType.SIGNAL) {
                signalTerms++;
                return signal(name);
            }
            fieldTerms++;
            switch (field.type()) {
                case ATTRIBUTES -> {
                    expect("(", "attr takes the attribute's name in quotes");
                    expectKind("string", "attr takes the attribute's name in quotes");
                    expect(")", "expected ')'");
                    comparison(field);
                    literal(Slot.TEXT, "an attribute is compared with text in quotes");
                }
                case NUMBER -> {
                    comparison(field);
                    literal(Slot.NUMBER, field.name() + " is compared with a number");
                }
                case TEXT -> {
                    comparison(field);
                    literal(Slot.TEXT, field.name() + " is compared with text in quotes");
                }
                default -> throw new IllegalStateException(field.type() + " is read above");
            }
            return null;
        }

        /**
         * {@code signal("name") op literal}, by the declared type: the comparison Arbiter tests, its
         * literal parsed here once (null while the literal is a template's placeholder).
         */
        SignalCondition signal(Token term) {
            String name = signalName(term.text());
            SignalDeclaration declared = signals == null ? null : signals.get(name);
            Token op = next("a comparison");
            if (!FactType.SIGNAL.comparisons().contains(op.text())) {
                throw new IllegalArgumentException("a signal is compared with " + FactType.SIGNAL.comparisonsInWords());
            }
            Token literal = next("a value to compare signal '" + name + "' with");
            SignalType type;
            if (declared != null) {
                type = declaredLiteral(declared, op, literal);
            } else {
                type = switch (literal.kind()) {
                    case "number" -> SignalType.NUMBER;
                    case "string" -> {
                        if (literal.text().equals("\"" + placeholder + "\"")) {
                            placeholders.add(new Placeholder(Slot.TEXT, List.of()));
                        }
                        yield SignalType.LEVEL;
                    }
                    case "placeholder" -> {
                        placeholders.add(new Placeholder(Slot.NUMBER_OR_BOOLEAN, List.of()));
                        yield SignalType.NUMBER;
                    }
                    default -> {
                        if (!isBoolean(literal)) {
                            throw new IllegalArgumentException("signal '" + name + "' is compared with a number, true or false, or a level in quotes");
                        }
                        yield SignalType.BOOLEAN;
                    }
                };
                if (type != SignalType.NUMBER && !op.text().equals("==") && !op.text().equals("!=")) {
                    throw new IllegalArgumentException("only a number signal is ordered; compare signal '" + name + "' with == or !=");
                }
            }
            if (placeholder != null && (literal.kind().equals("placeholder") || literal.text().equals("\"" + placeholder + "\""))) {
                return null;
            }
            Object value = switch (type) {
                case NUMBER -> number(literal.text());
                case BOOLEAN -> Boolean.valueOf(literal.text());
                case LEVEL -> literal.text().substring(1, literal.text().length() - 1);
            };
            return new SignalCondition.Compare(name, SignalCondition.Comparison.of(op.text()), value);
        }

        /** The literal a declared signal is compared with, checked by its type; that type. */
        private SignalType declaredLiteral(SignalDeclaration declared, Token op, Token literal) {
            String name = declared.name();
            if (declared.type() != SignalType.NUMBER && !op.text().equals("==") && !op.text().equals("!=")) {
                throw new IllegalArgumentException("signal '" + name + "' is a " + declared.type() + ": compared with == or !=");
            }
            switch (declared.type()) {
                case NUMBER -> {
                    if (literal.kind().equals("placeholder")) {
                        placeholders.add(new Placeholder(Slot.NUMBER, List.of()));
                    } else if (!literal.kind().equals("number")) {
                        throw new IllegalArgumentException("signal '" + name + "' is a number: compared with a number");
                    }
                    return SignalType.NUMBER;
                }
                case BOOLEAN -> {
                    if (literal.kind().equals("placeholder")) {
                        placeholders.add(new Placeholder(Slot.BOOLEAN, List.of()));
                    } else if (!isBoolean(literal)) {
                        throw new IllegalArgumentException("signal '" + name + "' is true or false: compared with true or false");
                    }
                    return SignalType.BOOLEAN;
                }
                default -> {
                    String levels = String.join(", ", declared.levels());
                    if (!literal.kind().equals("string")) {
                        throw new IllegalArgumentException("signal '" + name + "' is a level: compared with one of " + levels + " in quotes");
                    }
                    String level = literal.text().substring(1, literal.text().length() - 1);
                    if (level.equals(placeholder)) {
                        placeholders.add(new Placeholder(Slot.LEVEL, declared.levels()));
                    } else if (!declared.levels().contains(level)) {
                        throw new IllegalArgumentException("'" + level + "' is not a level of signal '" + name + "': its levels are " + levels);
                    }
                    return SignalType.LEVEL;
                }
            }
        }

        /** {@code ("name")} after {@code signal} or {@code stale}: a declared signal's name; recorded as tested. */
        private String signalName(String term) {
            String usage = term + " takes a signal's name in quotes: " + term + "(\"fulfillment-planner.lag\")";
            expect("(", usage);
            Token quoted = next(usage);
            if (!quoted.kind().equals("string")) {
                throw new IllegalArgumentException(usage);
            }
            expect(")", "expected ')'");
            String name = quoted.text().substring(1, quoted.text().length() - 1);
            if (name.equals(placeholder)) {
                if (!term.equals(FactField.STALE_TERM)) {
                    throw new IllegalArgumentException("a signal's name is written in the template, its value in the cells");
                }
                placeholders.add(new Placeholder(Slot.SIGNAL, signals == null ? null : List.copyOf(signals.keySet())));
                return name;
            }
            if (signals != null && !signals.containsKey(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a declared signal; " + (signals.isEmpty()
                        ? "this service declares none (arbiter.signals.declared)" : "declared signals are " + String.join(", ", signals.keySet())));
            }
            if (signals == null && !SIGNAL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("'" + name + "' is not a signal name: letters, digits, '.', '-' and '_'");
            }
            signalsTested.add(name);
            return name;
        }

        private static BigDecimal number(String text) {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a number");
            }
        }

        private static boolean isBoolean(Token t) {
            return t.kind().equals("name") && (t.text().equals("true") || t.text().equals("false"));
        }

        /** One of the comparisons the field's type allows. */
        void comparison(FactField field) {
            Token op = next(field.type().comparisonsInWords());
            if (!field.type().comparisons().contains(op.text())) {
                throw new IllegalArgumentException(field.type().numeric()
                        ? field.name() + " is compared with " + field.type().comparisonsInWords()
                        : "text is compared with " + field.type().comparisonsInWords() + ", not '" + op.text() + "'");
            }
        }

        /** A field's literal: a string for TEXT, a number for NUMBER, or the template's placeholder standing for one. */
        private void literal(Slot slot, String message) {
            Token t = next(message);
            boolean quoted = t.kind().equals("string");
            if (slot == Slot.TEXT && quoted || slot == Slot.NUMBER && t.kind().equals("number")) {
                if (quoted && placeholder != null && t.text().equals("\"" + placeholder + "\"")) {
                    placeholders.add(new Placeholder(slot, List.of()));
                }
                return;
            }
            if (slot == Slot.NUMBER && t.kind().equals("placeholder")) {
                placeholders.add(new Placeholder(slot, List.of()));
                return;
            }
            throw new IllegalArgumentException(message);
        }

        void expectEnd() {
            if (at < tokens.size()) {
                throw new IllegalArgumentException("unexpected '" + tokens.get(at).text() + "'");
            }
        }

        private Token next(String what) {
            if (at >= tokens.size()) {
                throw new IllegalArgumentException("expected " + what + " at the end");
            }
            return tokens.get(at++);
        }

        private void expect(String text, String message) {
            if (at >= tokens.size() || !tokens.get(at).text().equals(text)) {
                throw new IllegalArgumentException(message);
            }
            at++;
        }

        private void expectKind(String kind, String message) {
            if (at >= tokens.size() || !tokens.get(at).kind().equals(kind)) {
                throw new IllegalArgumentException(message);
            }
            at++;
        }

        private boolean peekText(String text) {
            return at < tokens.size() && tokens.get(at).text().equals(text);
        }

    }
}
