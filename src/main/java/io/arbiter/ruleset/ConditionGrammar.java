package io.arbiter.ruleset;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The only condition language a decision table may use, checked by a small parser rather than
 * patterns so that nothing outside it can slip through:
 * <pre>
 * pattern    := 'Command' '(' [constraint (',' constraint)*] ')'
 * constraint := term (('||' | '&&') term)*
 * term       := '(' constraint ')' | field comparison literal | 'attr' '(' string ')' comparison string
 * literal    := string | number, as the field's type says
 * string     := '"' any character but '"', '\', line breaks '"'
 * </pre>
 * The fields, their comparisons and literals are the {@link FactModel}'s: a text field is compared
 * ({@code ==}, {@code !=}) with a string, a number field ({@code bucket}) with a number, and the
 * attributes, by name, with a string. Column templates are checked through {@link ConditionTemplate}
 * with their placeholders standing in for literals, so a column's cell type follows from this too;
 * what a table row generates is checked again as a whole pattern.
 */
final class ConditionGrammar {
    private ConditionGrammar() {
    }

    /** Null when a comma-separated list of constraints is in the grammar, else what is wrong. */
    static String checkConstraints(String text) {
        return parse(text.strip(), false);
    }

    /** Null when a generated pattern is in the grammar, else what is wrong. */
    static String checkPattern(String snippet) {
        return parse(snippet.strip(), true);
    }

    private static String parse(String text, boolean pattern) {
        try {
            Parser p = new Parser(tokens(text));
            if (pattern) {
                p.pattern();
            } else {
                p.constraints(null);
            }
            p.expectEnd();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private record Token(String kind, String text) {
    }

    private static List<Token> tokens(String s) {
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
        private static final int MAX_DEPTH = 32;
        private int at;
        private int depth;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        void pattern() {
            expect("Command", "conditions test the command ('Command(...)')");
            expect("(", "expected '('");
            if (!peekText(")")) {
                constraints(")");
            }
            expect(")", "expected ')'");
        }

        void constraints(String closer) {
            constraint();
            while (peekText(",")) {
                at++;
                constraint();
            }
            if (closer == null) {
                return;
            }
            if (!peekText(closer)) {
                throw new IllegalArgumentException("expected '" + closer + "'");
            }
        }

        void constraint() {
            term();
            while (peekText("||") || peekText("&&")) {
                at++;
                term();
            }
        }

        void term() {
            if (peekText("(")) {
                // Bounded so a template of nested parentheses is an error, not a stack overflow.
                if (++depth > MAX_DEPTH) {
                    throw new IllegalArgumentException("parentheses are nested more than " + MAX_DEPTH + " deep");
                }
                at++;
                constraint();
                expect(")", "expected ')'");
                depth--;
                return;
            }
            Token name = next("a command field");
            if (!name.kind().equals("name")) {
                throw new IllegalArgumentException("expected a command field, found '" + name.text() + "'");
            }
            FactField field = FactModel.tested(name.text());
            if (field == null) {
                throw new IllegalArgumentException("'" + name.text() + "' is not a field of the command"
                        + (FactModel.TRACE_FIELDS.contains(name.text())
                                ? " (it traces the command and is recorded with the decision, but rules do not test it)" : "")
                        + "; fields are " + FactModel.conditionsInWords());
            }
            switch (field.type()) {
                case ATTRIBUTES -> {
                    expect("(", "attr takes the attribute's name in quotes");
                    expectKind("string", "attr takes the attribute's name in quotes");
                    expect(")", "expected ')'");
                    comparison(field);
                    expectKind("string", "an attribute is compared with text in quotes");
                }
                case NUMBER -> {
                    comparison(field);
                    expectKind("number", field.name() + " is compared with a number");
                }
                case TEXT -> {
                    comparison(field);
                    expectKind("string", field.name() + " is compared with text in quotes");
                }
            }
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
