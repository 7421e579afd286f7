package io.irisapi.warmup;

import io.irisapi.auth.WarmupKey;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/** The server's request log without the warm-up's requests: thousands of lines at every start would bury the rest. */
public final class ClientRequestLog implements RequestLog {
    private final RequestLog log;

    private ClientRequestLog(RequestLog log) {
        this.log = log;
    }

    /** Wraps the server's request log as the server starts, once Dropwizard has set it. */
    public static final LifeCycle.Listener INSTALLER = new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
            if (event instanceof Server server && server.getRequestLog() != null
                    && !(server.getRequestLog() instanceof ClientRequestLog)) {
                server.setRequestLog(new ClientRequestLog(server.getRequestLog()));
            }
        }
    };

    @Override
    public void log(Request request, Response response) {
        if (request.getAttribute(WarmupKey.ATTRIBUTE) == null) {
            log.log(request, response);
        }
    }
}
