package org.mlops4j.data.io;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/** Recognises and parses cell text: numbers, booleans and ISO-8601 timestamps. Stateless. */
public final class Cells {
    /** Returned by {@link #parseTimestamp} for text that is not a timestamp. */
    public static final long NOT_A_TIMESTAMP = Long.MIN_VALUE;

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private Cells() {
    }

    /**
     * True for decimal numbers ({@code 12}, {@code -3.5}, {@code .5}, {@code 1e-3}) and for NaN and
     * infinities ({@code NaN}, {@code inf}, {@code -Infinity}); false for anything else, including
     * hexadecimal and Java suffixes ({@code 1d}) that {@link Double#parseDouble} would accept.
     */
    public static boolean isNumber(String s) {
        int n = s.length();
        if (n == 0) {
            return false;
        }
        int i = 0;
        char c = s.charAt(0);
        if (c == '+' || c == '-') {
            i++;
        }
        if (i < n && Character.isLetter(s.charAt(i))) {
            String word = s.substring(i);
            return word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")
                    || (i == 0 && word.equalsIgnoreCase("nan"));
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /** Parses text accepted by {@link #isNumber}. */
    public static double parseNumber(String s) {
        int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        if (Character.isLetter(s.charAt(start))) {
            if (s.substring(start).equalsIgnoreCase("nan")) {
                return Double.NaN;
            }
            return s.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return Double.parseDouble(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code TRUE} or {@code FALSE} for "true"/"false" in any case; null otherwise. */
    public static Boolean parseBoolean(String s) {
        if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /**
     * Epoch milliseconds for ISO-8601 dates and date-times ({@code 2024-05-01},
     * {@code 2024-05-01T10:15:30}, {@code 2024-05-01 10:15:30.5+02:00}); a date-time without an
     * offset is taken as UTC. {@link #NOT_A_TIMESTAMP} for anything else.
     */
    public static long parseTimestamp(String s) {
        if (s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || !isDigit(s.charAt(0))) {
            return NOT_A_TIMESTAMP;
        }
        String text = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            TemporalAccessor parsed = DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
            if (parsed instanceof OffsetDateTime odt) {
                return odt.toInstant().toEpochMilli();
            }
            if (parsed instanceof LocalDateTime ldt) {
                return ldt.toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            return ((LocalDate) parsed).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return NOT_A_TIMESTAMP;
        }
    }
}
