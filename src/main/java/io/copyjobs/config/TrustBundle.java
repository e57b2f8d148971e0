package io.copyjobs.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * The CA certificates a node trusts for its origins' TLS ({@code COPYJOBS_TRANSFER_CA_FILE}, a PEM
 * bundle) and whether they add to the JDK's own CAs or replace them ({@code COPYJOBS_TRANSFER_CA_MODE}).
 * Read once at start-up, so a missing or broken file stops the node there, not at its first https download.
 *
 * @param file         the bundle, or null: the JDK's CAs only
 * @param replace      true: trust the bundle's CAs only
 * @param certificates the bundle's certificates, never empty when {@code file} is set
 */
public record TrustBundle(Path file, boolean replace, List<X509Certificate> certificates) {
    /** The JDK's CAs, nothing more. */
    public static final TrustBundle JDK = new TrustBundle(null, false, List.of());
    static final String FILE = "COPYJOBS_TRANSFER_CA_FILE";
    static final String MODE = "COPYJOBS_TRANSFER_CA_MODE";

    public TrustBundle {
        certificates = List.copyOf(certificates);
    }

    /** True when a bundle was configured. */
    public boolean custom() {
        return file != null;
    }

    static TrustBundle read(Settings s) {
        String mode = Settings.oneOf(MODE, s.text(MODE, "add").toLowerCase(Locale.ROOT), List.of("add", "replace"),
                "add or replace");
        String file = s.text(FILE, "");
        if (file.isEmpty()) {
            if (mode.equals("replace")) {
                throw new ConfigException(MODE + ": replace needs " + FILE + " (it would trust no CA at all)");
            }
            return JDK;
        }
        Path path = s.path(FILE, "");
        return new TrustBundle(path, mode.equals("replace"), load(path));
    }

    private static List<X509Certificate> load(Path path) {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ConfigException(FILE + ": " + path + " is missing or not a readable file");
        }
        try (InputStream in = Files.newInputStream(path)) {
            List<X509Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
            if (certs.isEmpty()) {
                throw new ConfigException(FILE + ": " + path + " holds no PEM certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new ConfigException(FILE + ": cannot read " + path + " (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new ConfigException(FILE + ": " + path + " is not a bundle of PEM certificates (" + e.getMessage() + ")");
        }
    }
}
