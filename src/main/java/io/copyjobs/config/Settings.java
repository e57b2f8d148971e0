package io.copyjobs.config;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads typed values from the merged settings, with a fallback for each, and names the variable in every error. */
record Settings(Map<String, String> values) {
    private static final String NOT_A_NUMBER = "not a number";

    String text(String name, String fallback) {
        String v = values.get(name);
        return v == null ? fallback : v;
    }

    /** An absolute, normalized path. */
    Path path(String name, String fallback) {
        return Path.of(text(name, fallback)).toAbsolutePath().normalize();
    }

    /** A secret of at least 32 bytes, or empty when not set. */
    String secret(String name, String why) {
        String v = text(name, "");
        if (!v.isEmpty() && v.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(name + ": must be at least 32 bytes long (" + why + ")");
        }
        return v;
    }

    /** A key of exactly {@code bytes} bytes in base64 (as {@code openssl rand -base64 32} writes one), or empty. */
    String base64Key(String name, int bytes, String why) {
        String v = text(name, "").trim();
        if (v.isEmpty()) {
            return v;
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": must be base64 (e.g. from openssl rand -base64 " + bytes + ")");
        }
        if (key.length != bytes) {
            throw new ConfigException(name + ": must be " + bytes + " bytes in base64, not " + key.length + " (" + why + ")");
        }
        return v;
    }

    /** {@code value}, the setting {@code name} as written or in another case, when it is one of {@code allowed}. */
    static String oneOf(String name, String value, List<String> allowed, String choices) {
        if (!allowed.contains(value)) {
            throw new ConfigException(name + ": must be " + choices + ", not '" + value + "'");
        }
        return value;
    }

    /** A comma-separated list, blanks dropped; {@code none} (in any case) is the empty list. */
    List<String> list(String name, String fallback) {
        String v = text(name, fallback);
        if (v.equalsIgnoreCase("none")) {
            return List.of();
        }
        return Arrays.stream(v.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }

    int integer(String name, int fallback, int min, int max) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? fallback : parseInt(name, v, min, max);
    }

    Integer optionalInteger(String name, int min, int max) {
        String v = values.get(name);
        return v == null || v.isEmpty() ? null : parseInt(name, v, min, max);
    }

    int port(String name, int fallback) {
        return integer(name, fallback, 0, 65535);
    }

    long positiveLong(String name, long fallback) {
        return longAtLeast(name, fallback, 1, "positive");
    }

    long nonNegativeLong(String name, long fallback) {
        return longAtLeast(name, fallback, 0, "0 or more");
    }

    private long longAtLeast(String name, long fallback, long least, String what) {
        String v = values.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        long n = read(name, v, Long::parseLong, NOT_A_NUMBER);
        if (n < least) {
            throw new ConfigException(name + ": must be " + what + ", not " + v);
        }
        return n;
    }

    Duration duration(String name, String fallback) {
        String v = text(name, fallback);
        Duration d = read(name, v, Duration::parse, "not an ISO-8601 duration such as PT10S or P90D");
        if (d.isNegative() || d.isZero()) {
            throw new ConfigException(name + ": must be a positive duration, not " + v);
        }
        return d;
    }

    /** A duration no shorter than {@code least}: below it, what it times would be taken for gone while it is not. */
    Duration duration(String name, String fallback, Duration least) {
        Duration d = duration(name, fallback);
        if (d.compareTo(least) < 0) {
            throw new ConfigException(name + ": must be at least " + least + ", not " + d);
        }
        return d;
    }

    /** An absolute URL with a scheme and a host. */
    URI uri(String name, String fallback) {
        String v = text(name, fallback);
        URI u = read(name, v, URI::create, "not a URL");
        if (u.getScheme() == null || u.getHost() == null) {
            throw new ConfigException(name + ": must be an absolute URL such as http://host:8080, not '" + v + "'");
        }
        return u;
    }

    private static int parseInt(String name, String v, int min, int max) {
        int n = read(name, v, Integer::parseInt, NOT_A_NUMBER);
        if (n < min || n > max) {
            throw new ConfigException(name + ": must be between " + min + " and " + max + ", not " + v);
        }
        return n;
    }

    /** What {@code parser} makes of {@code v}, or an error that names the setting and says what {@code v} is not. */
    private static <T> T read(String name, String v, Function<String, T> parser, String problem) {
        try {
            return parser.apply(v);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new ConfigException(name + ": " + problem + ": '" + v + "'");
        }
    }
}
