package io.copyjobs.http;

import io.copyjobs.job.ErrorCode;
import io.copyjobs.job.Rejection;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Jetty's own refusals (a malformed request line, an ambiguous {@code %2F} in a path, a header
 * too large) happen before Javalin routes anything; this answers them as problem+json too
 * instead of Jetty's HTML page.
 */
final class ProblemErrorHandler extends ErrorHandler {

    /** Jetty writes error bodies for GET, POST and HEAD only; every method gets its problem here. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
        // Jetty drops the connection after refusing a request this early; saying so keeps clients
        // from sending their next request down a closed connection.
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(Requests.REQUEST_ID, requestId);
        response.write(true, ByteBuffer.wrap(body(code, message, requestId)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE));
        fields.put(new HttpField(HttpHeader.CONNECTION, "close"));
        String requestId = UUID.randomUUID().toString();
        fields.put(new HttpField(Requests.REQUEST_ID, requestId));
        return ByteBuffer.wrap(body(status, reason, requestId));
    }

    static byte[] body(int status, String message, String requestId) {
        ErrorCode code = Problems.codeForStatus(status);
        String detail = "request: " + (message == null || message.isBlank() ? "refused by the HTTP server" : message);
        return Problems.body(Rejection.of(code, detail), status, requestId);
    }
}
