package io.copyjobs.transfer;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.ErrorContext;
import io.copyjobs.job.TransferError;

import java.net.URI;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS failures a download stops on rather than retries: a certificate no trusted CA issued, a
 * certificate for another name, and an https redirect to plain http. Asking again meets the same
 * certificate, so each is fatal and says which host to look at.
 */
final class TlsFailures {
    private TlsFailures() {
    }

    /**
     * The fatal error for a handshake that failed on the origin's certificate, read from the cause
     * chain the JDK gives: a certification path that cannot be built or validated is an untrusted CA,
     * a {@code CertificateException} about the name (the JDK's host name check) is a name mismatch.
     */
    static Optional<TransferStop> certificate(Throwable failure, URI uri, int fileIndex) {
        boolean handshake = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            handshake |= t instanceof SSLHandshakeException;
            if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
                return Optional.of(fatal(ErrorCode.ERROR_WINHTTP_SECURE_INVALID_CA, "the certificate of " + uri.getHost()
                        + " is not issued by a trusted CA (see COPYJOBS_TRANSFER_CA_FILE)", fileIndex));
            }
            if (handshake && t instanceof CertificateException && aboutName(t.getMessage())) {
                return Optional.of(fatal(ErrorCode.ERROR_WINHTTP_SECURE_CERT_CN_INVALID, "the certificate of "
                        + uri.getHost() + " is for another name (" + t.getMessage() + ")", fileIndex));
            }
        }
        return Optional.empty();
    }

    /** An https URL redirected to http, which TransferOptions.allowSecureToNonSecureRedirect must allow. */
    static void checkRedirect(URI from, URI to, boolean allowed, int fileIndex) throws TransferStop {
        if (!allowed && "https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(to.getScheme())) {
            throw fatal(ErrorCode.ERROR_WINHTTP_REDIRECT_FAILED, Failures.describe(from) + " redirects to "
                    + Failures.describe(to) + ", from https to http (allowSecureToNonSecureRedirect is not set)", fileIndex);
        }
    }

    private static boolean aboutName(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("no subject alternative") || m.contains("no name matching");
    }

    private static TransferStop fatal(ErrorCode code, String why, int fileIndex) {
        return TransferStop.failed(TransferError.of(code, ErrorContext.REMOTE_FILE, why, fileIndex), false);
    }
}
