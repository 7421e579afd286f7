package io.irisapi;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.server.ServerFactory;
import io.dropwizard.logging.common.AppenderFactory;
import io.dropwizard.logging.common.ConsoleAppenderFactory;
import io.dropwizard.logging.common.DefaultLoggingFactory;
import io.dropwizard.logging.common.LoggingFactory;
import io.dropwizard.logging.json.AccessJsonLayoutBaseFactory;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import io.dropwizard.request.logging.LogbackAccessRequestLogFactory;

import java.util.List;

/** Switches console appenders that have no explicit layout to Dropwizard's JSON layouts. */
final class LogFormat {
    private LogFormat() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void useJson(LoggingFactory logging, ServerFactory server) {
        if (logging instanceof DefaultLoggingFactory factory) {
            for (AppenderFactory appender : factory.getAppenders()) {
                if (appender instanceof ConsoleAppenderFactory console && console.getLayout() == null) {
                    console.setLayout(new EventJsonLayoutBaseFactory());
                }
            }
        }
        if (server instanceof DefaultServerFactory defaults
                && defaults.getRequestLogFactory() instanceof LogbackAccessRequestLogFactory requests) {
            List<AppenderFactory<?>> appenders = (List) requests.getAppenders();
            for (AppenderFactory<?> appender : appenders) {
                if (appender instanceof ConsoleAppenderFactory console && console.getLayout() == null) {
                    console.setLayout(new AccessJsonLayoutBaseFactory());
                }
            }
        }
    }
}
