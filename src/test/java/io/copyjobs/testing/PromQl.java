package io.copyjobs.testing;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found by a small scanner rather than a full parser:
 * dashboards only need "which series does this query name", and a scanner that skips strings,
 * label matchers, ranges, numbers, Grafana variables, functions, keywords and label lists says
 * exactly that. A name is returned as written ({@code foo_bucket} stays {@code foo_bucket}), so it
 * can be compared with the sample names of a scrape.
 */
public final class PromQl {
    /** Words that are never metric names: aggregations, operators and modifiers (case-insensitive in PromQL). */
    private static final Set<String> KEYWORDS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio", "and", "or", "unless", "bool", "offset", "inf", "nan", "atan2");
    /** Keywords followed by a parenthesised list of label names, which are not metric names either. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*\"([a-zA-Z_:][a-zA-Z0-9_:]*)\"");

    private final String text;
    private final Set<String> names = new TreeSet<>();
    private int i;

    private PromQl(String text) {
        this.text = text;
    }

    /** The metric names {@code expr} reads, sorted. */
    public static Set<String> metricNames(String expr) {
        PromQl scanner = new PromQl(expr);
        scanner.scan();
        return scanner.names;
    }

    private void scan() {
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
            } else if (c == '{') {
                int start = i;
                skipEnclosed('{', '}');
                nameMatchers(text.substring(start, i));
            } else if (c == '[') {
                skipEnclosed('[', ']');
            } else if (c == '#') {
                skipWhile(ch -> ch != '\n');
            } else if (c == '$') {
                skipVariable();
            } else if (Character.isDigit(c) || c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
                skipWhile(ch -> Character.isLetterOrDigit(ch) || ch == '.' || ch == '_');
            } else if (isNameStart(c)) {
                identifier();
            } else {
                i++;
            }
        }
    }

    private void identifier() {
        int start = i;
        skipWhile(PromQl::isNamePart);
        String word = text.substring(start, i);
        String lower = word.toLowerCase(Locale.ROOT);
        char next = nextNonSpace();
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
            if (next == '(') {
                skipSpaces();
                skipEnclosed('(', ')');
            }
        } else if (!KEYWORDS.contains(lower) && next != '(') {
            names.add(word);
        }
    }

    private void nameMatchers(String matchers) {
        Matcher m = NAME_MATCHER.matcher(matchers);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    private void skipString(char quote) {
        i++;
        while (i < text.length() && text.charAt(i) != quote) {
            i += text.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        i++;
    }

    /** Skips from an opening bracket to its match, stepping over strings inside (a '}' in a regex). */
    private void skipEnclosed(char open, char close) {
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                skipString(c);
                continue;
            }
            i++;
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
    }

    /** Grafana's template variables: {@code $instance}, {@code ${instance}}, {@code $__rate_interval}. */
    private void skipVariable() {
        i++;
        if (i < text.length() && text.charAt(i) == '{') {
            skipEnclosed('{', '}');
        } else {
            skipWhile(PromQl::isNamePart);
        }
    }

    private char nextNonSpace() {
        int j = i;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j < text.length() ? text.charAt(j) : 0;
    }

    private void skipSpaces() {
        skipWhile(Character::isWhitespace);
    }

    private void skipWhile(CharTest test) {
        while (i < text.length() && test.test(text.charAt(i))) {
            i++;
        }
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    private interface CharTest {
        boolean test(char c);
    }
}
