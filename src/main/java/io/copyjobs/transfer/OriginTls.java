package io.copyjobs.transfer;

import io.copyjobs.config.TrustBundle;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS context every origin client uses: the JDK's CAs, plus or instead of a node's bundle.
 * Only the trust anchors change; the JDK's {@code HttpClient} still verifies host names (its
 * endpoint identification is HTTPS), and nothing here turns that off.
 */
final class OriginTls {
    private OriginTls() {
    }

    /** The JDK's default context when no bundle is configured, else one trusting the bundle (and the JDK's CAs in add mode). */
    static SSLContext context(TrustBundle trust) {
        if (!trust.custom()) {
            return defaultContext();
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            List<X509Certificate> anchors = trust.replace() ? trust.certificates()
                    : Stream.concat(jdkAnchors().stream(), trust.certificates().stream()).toList();
            for (int i = 0; i < anchors.size(); i++) {
                store.setCertificateEntry("ca-" + i, anchors.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context from " + trust.file(), e);
        }
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** The CAs the JDK trusts by default (its cacerts, or javax.net.ssl.trustStore when set). */
    private static List<X509Certificate> jdkAnchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        TrustManager[] managers = factory.getTrustManagers();
        return Arrays.stream(managers).filter(X509TrustManager.class::isInstance).map(X509TrustManager.class::cast)
                .flatMap(m -> Arrays.stream(m.getAcceptedIssuers())).toList();
    }
}
