package io.copyjobs.auth;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * Which token subjects may name a caller. A subject becomes a job's owner and the actor of its
 * events, so it must read as what it is: no control, invisible or odd space characters that
 * would make two subjects look alike, and nothing that reads as {@code system}, the actor of
 * the service's own changes, whatever its case, width or accents.
 */
public final class Subjects {
    /** Longer subjects are no identifiers a person reads; they also bound store keys and paths. */
    public static final int MAX_LENGTH = 256;
    private static final String RESERVED = "system";
    /** Letters and symbols that draw nothing: the Hangul fillers and the blank Braille pattern. */
    private static final String BLANK_LETTERS = "\u115F\u1160\u3164\uFFA0\u2800";

    private Subjects() {
    }

    /** Why {@code subject} cannot name a caller, or empty when it can. */
    public static Optional<String> problem(String subject) {
        if (subject == null || subject.isEmpty()) {
            return Optional.of("the subject is empty");
        }
        if (subject.length() > MAX_LENGTH) {
            return Optional.of("the subject is longer than " + MAX_LENGTH + " characters");
        }
        if (!subject.codePoints().allMatch(Subjects::allowed)) {
            return Optional.of("the subject has control, invisible or space characters other than a plain space");
        }
        if (subject.startsWith(" ") || subject.endsWith(" ")) {
            return Optional.of("the subject begins or ends with a space");
        }
        if (readsAsReserved(subject)) {
            return Optional.of("the subject '" + RESERVED + "' is reserved for the service itself");
        }
        return Optional.empty();
    }

    /**
     * Compared after compatibility decomposition (full-width letters, ligatures, the long s),
     * without marks (accents, variation selectors), invisible and space characters, and case.
     */
    static boolean readsAsReserved(String subject) {
        StringBuilder folded = new StringBuilder();
        Normalizer.normalize(subject, Normalizer.Form.NFKD).codePoints()
                .filter(c -> !isMark(c) && !invisibleOrSpace(c))
                .forEach(folded::appendCodePoint);
        return folded.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT).equals(RESERVED);
    }

    private static boolean allowed(int c) {
        return c == ' ' || !invisibleOrSpace(c) && Character.isDefined(c) && Character.getType(c) != Character.PRIVATE_USE;
    }

    private static boolean invisibleOrSpace(int c) {
        if (BLANK_LETTERS.indexOf(c) >= 0) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || Character.isWhitespace(c);
    }

    private static boolean isMark(int c) {
        int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}
