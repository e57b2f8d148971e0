package io.copyjobs.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proves that a request comes from a copyjobs node: the value of {@link Peers#FORWARDED} is the
 * sending node's name, the time and an HMAC-SHA256 over both, the method, the path and query,
 * the caller's {@code Authorization} and, for a request with a body, the body's SHA-256 (else a
 * seed request's proof would take another URL along), with a key every node derives from the same
 * secret. A node
 * answers a forwarded request from its own copy only (an internal answer), so a client must not
 * be able to ask for one: without the key it cannot make a proof, and a proof seen on the wire
 * is good for the same caller and resource only, for {@link #WINDOW}.
 */
public final class NodeProof {
    /** Forwards arrive in milliseconds; this much room is for the nodes' clocks disagreeing. */
    public static final Duration WINDOW = Duration.ofSeconds(30);
    private static final String PURPOSE = "copyjobs node proof v1";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final byte[] NO_BODY = new byte[0];

    private final SecretKeySpec key;
    private final Clock clock;

    private NodeProof(byte[] key, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /**
     * Proofs with a key derived from {@code secret} (HMAC of a fixed purpose), so that the node
     * key differs from the token key even when both come from the same configured secret.
     */
    public static NodeProof from(byte[] secret, Clock clock) {
        return new NodeProof(mac(new SecretKeySpec(secret, "HmacSHA256"), PURPOSE), clock);
    }

    /** The header value for a request without a body this node sends as {@code node}. */
    public String sign(String node, String method, String pathAndQuery, String authorization) {
        return sign(node, method, pathAndQuery, authorization, NO_BODY);
    }

    /** The header value for a request with {@code body} (empty for none) this node sends as {@code node}. */
    public String sign(String node, String method, String pathAndQuery, String authorization, byte[] body) {
        String at = Long.toString(clock.millis());
        return node + " " + at + " " + B64.encodeToString(mac(key, input(node, at, method, pathAndQuery, authorization, body)));
    }

    /** True when {@code header} is a proof this node's key made, for this request without a body, recently. */
    public boolean verify(String header, String method, String pathAndQuery, String authorization) {
        return verify(header, method, pathAndQuery, authorization, NO_BODY);
    }

    /** True when {@code header} is a proof this node's key made, for this request with {@code body}, recently. */
    public boolean verify(String header, String method, String pathAndQuery, String authorization, byte[] body) {
        String[] parts = header == null ? new String[0] : header.split(" ", -1);
        if (parts.length != 3) {
            return false;
        }
        long at;
        try {
            at = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(clock.millis() - at) > WINDOW.toMillis()) {
            return false;
        }
        byte[] expected = mac(key, input(parts[0], parts[1], method, pathAndQuery, authorization, body));
        // Constant time: how much of a guess matched must not show in how long the answer takes.
        return MessageDigest.isEqual(expected, decode(parts[2]));
    }

    private static String input(String node, String at, String method, String pathAndQuery, String authorization,
                                byte[] body) {
        // No field can hold a line break (HTTP forbids them in all of these), so the joint is unambiguous.
        String head = String.join("\n", node, at, method, pathAndQuery, authorization == null ? "" : authorization);
        // Without a body, the proof of a read is what it always was (nodes of the previous release accept it).
        return body.length == 0 ? head : head + "\n" + HexFormat.of().formatHex(sha256(body));
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static byte[] decode(String b64) {
        try {
            return Base64.getUrlDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static byte[] mac(SecretKeySpec key, String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
