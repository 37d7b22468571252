package saturn.theory.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a formula into tokens; numbers are {@code 12}, {@code .5}, {@code 1e-3}, {@code 2.5E+4};
 * the power operator is {@code ^} or, as in Python, {@code **}.
 */
final class Lexer {

    private Lexer() {
    }

    static List<Token> tokens(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int column = i + 1;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(s.charAt(i + 1)))) {
                int end = number(s, i);
                String text = s.substring(i, end);
                out.add(new Token(Token.Kind.NUMBER, text, column, Double.parseDouble(text)));
                i = end;
            } else if (isNameStart(c)) {
                int end = i + 1;
                while (end < n && isNamePart(s.charAt(end))) {
                    end++;
                }
                out.add(new Token(Token.Kind.NAME, s.substring(i, end), column, 0));
                i = end;
            } else if (c == '*' && i + 1 < n && s.charAt(i + 1) == '*') {
                out.add(new Token(Token.Kind.SYMBOL, "**", column, 0));   // Python's power, the same as ^
                i += 2;
            } else if ("+-*/^(),".indexOf(c) >= 0) {
                out.add(new Token(Token.Kind.SYMBOL, String.valueOf(c), column, 0));
                i++;
            } else {
                String shown = Character.isISOControl(c) ? String.format("\\u%04x", (int) c)
                        : new String(Character.toChars(s.codePointAt(i)));
                throw new FormulaException("unexpected character '" + shown + "' at column " + column, column);
            }
        }
        out.add(new Token(Token.Kind.END, "", n + 1, 0));
        return out;
    }

    /** End index of the number starting at {@code i}; only well-formed digit sequences are consumed. */
    private static int number(String s, int i) {
        int n = s.length();
        int j = i;
        while (j < n && isDigit(s.charAt(j))) {
            j++;
        }
        if (j < n && s.charAt(j) == '.') {
            j++;
            while (j < n && isDigit(s.charAt(j))) {
                j++;
            }
        }
        if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
            int k = j + 1;
            if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                k++;
            }
            if (k < n && isDigit(s.charAt(k))) {
                while (k < n && isDigit(s.charAt(k))) {
                    k++;
                }
                j = k;
            }
        }
        return j;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
