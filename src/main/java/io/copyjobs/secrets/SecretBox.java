package io.copyjobs.secrets;

import io.copyjobs.job.Secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens {@link Secret}s (issue 18) with AES-256-GCM under a key every node shares: a
 * random 96-bit nonce per value, the 128-bit tag checked on opening. A box is
 * {@code cjs1.<base64url(nonce ‖ ciphertext ‖ tag)>}; the prefix names the format so that a later
 * one can be told apart. The HTTP edge seals, the transfer engine opens; nothing else holds a value.
 */
public final class SecretBox {
    private static final String PREFIX = "cjs1.";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] CONTEXT = "copyjobs secret v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    private SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
    }

    /** A box with {@code key} itself (COPYJOBS_SECRETS_KEY): 32 bytes. */
    public static SecretBox withKey(byte[] key) {
        return new SecretBox(key);
    }

    /**
     * A box whose key is derived (HKDF-SHA256, RFC 5869, one block) from a secret the nodes share
     * already: the node secret, or the dev key. Its own key, so that no token is signed with it.
     */
    public static SecretBox derivedFrom(byte[] shared) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(CONTEXT, "HmacSHA256"));
            byte[] pseudoRandom = extract.doFinal(shared);
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandom, "HmacSHA256"));
            expand.update(CONTEXT);
            return new SecretBox(expand.doFinal(new byte[] {1}));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }

    /** {@code secret} sealed; a sealed one as it is. */
    public Secret seal(Secret secret) {
        if (secret.isSealed()) {
            return secret;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, secret.plainText().getBytes(StandardCharsets.UTF_8));
        byte[] box = Arrays.copyOf(nonce, NONCE_BYTES + sealed.length);
        System.arraycopy(sealed, 0, box, NONCE_BYTES, sealed.length);
        return Secret.sealed(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(box));
    }

    /** The value of a sealed {@code secret}; refused when another key sealed it or it was changed. */
    public String open(Secret secret) throws UnreadableSecretException {
        String text = secret.box();
        if (!text.startsWith(PREFIX)) {
            throw new UnreadableSecretException("not a copyjobs secret box");
        }
        byte[] box;
        try {
            box = Base64.getUrlDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new UnreadableSecretException("a secret box that is not base64url");
        }
        if (box.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException("a secret box too short to hold a value");
        }
        try {
            byte[] plain = crypt(Cipher.DECRYPT_MODE, Arrays.copyOf(box, NONCE_BYTES),
                    Arrays.copyOfRange(box, NONCE_BYTES, box.length));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            throw new UnreadableSecretException("a secret sealed with another key, or changed since");
        }
    }

    private byte[] crypt(int mode, byte[] nonce, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(CONTEXT);
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A box that this node cannot open: sealed under another key (COPYJOBS_SECRETS_KEY differs), or damaged. */
    public static final class UnreadableSecretException extends Exception {
        private static final long serialVersionUID = 1L;

        UnreadableSecretException(String message) {
            super(message);
        }
    }
}
