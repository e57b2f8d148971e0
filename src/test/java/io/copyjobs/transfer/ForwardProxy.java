package io.copyjobs.transfer;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ConnectHandler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real forward proxy for the transfer tests, built from Jetty's own: {@link ConnectHandler} for
 * HTTPS ({@code CONNECT}) and {@link ProxyHandler.Forward} for plain HTTP. It can require Basic
 * {@code Proxy-Authorization}, or answer every request with a status of its own (a proxy that is
 * overloaded or cannot get out), and keeps every request it saw: the method, the target and the
 * credentials header (empty when absent).
 */
final class ForwardProxy implements AfterEachCallback {
    /** The Via name the proxy puts on what it forwards, so that an origin can tell it came through it. */
    static final String VIA = "copyjobs-test-proxy";
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile String required;
    private volatile int refusal;

    /** One request as the proxy received it. */
    record Seen(String method, String target, String authorization) {
    }

    private ForwardProxy(String address) throws Exception {
        connector.setHost(address);
        server.addConnector(connector);
        ProxyHandler.Forward forward = new ProxyHandler.Forward();
        forward.setViaHost(VIA);
        server.setHandler(new Authenticating(new Gate(forward)));
        server.start();
    }

    /** A running proxy on {@code address}; as a {@code @RegisterExtension} field it stops after its test. */
    static ForwardProxy on(String address) {
        try {
            return new ForwardProxy(address);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on, every request must carry these Basic credentials or gets 407. */
    ForwardProxy requireBasic(String user, String password) {
        required = basic(user, password);
        return this;
    }

    /** From now on, every request, plain or {@code CONNECT}, gets {@code status} from the proxy itself. */
    ForwardProxy refuseWith(int status) {
        refusal = status;
        return this;
    }

    /** The URL of a proxy that is not there: a port on this host that was free a moment ago. */
    static String closedUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    String url() {
        return "http://" + connector.getHost() + ":" + connector.getLocalPort();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        server.stop();
    }

    private boolean admit(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
        seen.add(new Seen(request.getMethod(), request.getHttpURI().toString(),
                authorization == null ? "" : authorization));
        return required == null || required.equals(authorization);
    }

    /** True when the proxy answered {@code request} with its refusal, having noted it. */
    private boolean refused(Request request, Response response, Callback callback) {
        int status = refusal;
        if (status == 0) {
            return false;
        }
        admit(request);
        response.setStatus(status);
        callback.succeeded();
        return true;
    }

    /** CONNECT: Jetty's tunnel, behind the same credentials check. */
    private final class Authenticating extends ConnectHandler {
        Authenticating(Handler next) {
            super(next);
        }

        @Override
        protected boolean handleAuthentication(Request request, Response response, String address) {
            return admit(request);
        }

        @Override
        protected void handleConnect(Request request, Response response, Callback callback, String address) {
            if (!refused(request, response, callback)) {
                super.handleConnect(request, response, callback, address);
            }
        }
    }

    /** Plain HTTP: 407 without the credentials, else Jetty's forward proxy. */
    private final class Gate extends Handler.Wrapper {
        Gate(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            if (refused(request, response, callback)) {
                return true;
            }
            if (admit(request)) {
                return super.handle(request, response, callback);
            }
            response.setStatus(HttpStatus.PROXY_AUTHENTICATION_REQUIRED_407);
            response.getHeaders().put(HttpHeader.PROXY_AUTHENTICATE, "Basic realm=\"test\"");
            callback.succeeded();
            return true;
        }
    }
}
