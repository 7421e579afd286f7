package io.irisapi;

import com.codahale.metrics.MetricRegistry;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.health.DefaultHealthFactory;
import io.irisapi.auth.ApiKeyAuthFilter;
import io.irisapi.auth.ApiKeyFile;
import io.irisapi.auth.ApiKeys;
import io.irisapi.auth.WarmupKey;
import io.irisapi.cli.PromoteCommand;
import io.irisapi.cli.RollbackCommand;
import io.irisapi.cli.TrainCommand;
import io.irisapi.codec.StrictJson;
import io.irisapi.core.ModelManager;
import io.irisapi.core.ScoringObserver;
import io.irisapi.core.ServiceVersion;
import io.irisapi.dataplane.DataPlane;
import io.irisapi.dataplane.RequestContext;
import io.irisapi.dataplane.Rollout;
import io.irisapi.dataplane.RolloutMode;
import io.irisapi.errors.ErrorMapper;
import io.irisapi.errors.ErrorRenderer;
import io.irisapi.errors.JsonErrorHandler;
import io.irisapi.filter.BodySizeLimitFilter;
import io.irisapi.filter.CanaryKeyFilter;
import io.irisapi.filter.RequestIdFilter;
import io.irisapi.filter.UnreadBodyFilter;
import io.irisapi.filter.Utf8JsonFilter;
import io.irisapi.health.ModelHealthCheck;
import io.irisapi.http.JsonEntities;
import io.irisapi.metrics.LockFreeMetricRegistry;
import io.irisapi.metrics.PrometheusMetrics;
import io.irisapi.openapi.OpenApiResource;
import io.irisapi.payload.PayloadLog;
import io.irisapi.protocol.Protocol;
import io.irisapi.protocol.Routes;
import io.irisapi.protocol.iris.IrisProtocol;
import io.irisapi.protocol.kserve.KserveProtocol;
import io.irisapi.protocol.mlflow.MlflowProtocol;
import io.irisapi.protocol.oip.OipProtocol;
import io.irisapi.warmup.ClientRequestLog;
import io.irisapi.warmup.Warmup;
import io.irisapi.warmup.WarmupHealthCheck;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public class IrisApplication extends Application<IrisConfiguration> {
    private static final Logger LOG = LoggerFactory.getLogger(IrisApplication.class);

    /** The packaged configuration, used when {@code server} or {@code check} is given no file. */
    public static final String DEFAULT_CONFIG = "iris-api.yml";

    public static void main(String[] args) throws Exception {
        new IrisApplication().run(ConfigSources.withDefaultConfig(args));
    }

    @Override
    public String getName() {
        return "iris-api";
    }

    @Override
    public void initialize(Bootstrap<IrisConfiguration> bootstrap) {
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                new ConfigSources.FileOrClasspath(), ConfigSources.environmentSubstitutor()));
        bootstrap.setMetricRegistry(new LockFreeMetricRegistry());
        StrictJson.configure(bootstrap.getObjectMapper());
        bootstrap.addCommand(new TrainCommand());
        bootstrap.addCommand(new PromoteCommand());
        bootstrap.addCommand(new RollbackCommand());
    }

    @Override
    public void run(IrisConfiguration config, Environment environment) {
        StrictJson.refuseScalarConversions(environment.getObjectMapper());
        MetricRegistry metrics = environment.metrics();
        ApiKeys keys = apiKeys(config, environment);

        ModelManager models = config.getModel().build(config.getEnvironment(), config.getMlflowTrackingUri(), metrics);
        environment.lifecycle().manage(models);
        environment.healthChecks().register(ModelHealthCheck.NAME, new ModelHealthCheck(models));
        Rollout rollout = rollout(config, metrics);
        rollout.manager().ifPresent(environment.lifecycle()::manage);
        PrometheusMetrics prometheus = new PrometheusMetrics(metrics);
        ScoringObserver observer = prometheus.scoring(config.getDrift(), models);
        if (config.getPayloads().getSampleRate() > 0) {
            observer = observer.andThen(new PayloadLog(config.getPayloads()));
        }
        DataPlane dataPlane = new DataPlane(models, rollout, config.getLimits().getMaxBatchRows(), observer,
                REQUEST_CONTEXT);

        // The last protocol, the service's own API, answers for every path no other claims.
        List<Protocol> protocols = List.of(
                new MlflowProtocol(dataPlane, environment.getObjectMapper(), ServiceVersion.get()),
                new OipProtocol(dataPlane, ServiceVersion.get()),
                new KserveProtocol(dataPlane),
                new IrisProtocol(dataPlane, ServiceVersion.get()));
        Routes routes = new Routes(protocols);
        environment.jersey().register(routes);
        ErrorRenderer errors = new ErrorRenderer(routes);

        environment.servlets().addFilter("request-id", new RequestIdFilter())
                .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
        if (rollout.isConfigured() && rollout.mode() == RolloutMode.CANARY) {
            environment.servlets().addFilter("canary-key", new CanaryKeyFilter())
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        }
        environment.jersey().register(new BodySizeLimitFilter.Binding(
                config.getLimits().getMaxBodySize().toBytes(), config.getLimits().getMaxBatchBodySize().toBytes()));
        environment.jersey().register(new JsonEntities(environment.getObjectMapper()));
        environment.jersey().register(new Utf8JsonFilter());
        environment.jersey().register(new UnreadBodyFilter(config.getLimits().getMaxBatchBodySize().toBytes()));
        environment.lifecycle().addServerLifecycleListener(server ->
                server.setErrorHandler(new JsonErrorHandler(environment.getObjectMapper(), routes)));
        limitConnections(environment, config.getLimits());
        registerErrors(config, environment, errors);
        WarmupKey warmupKey = new WarmupKey();
        environment.jersey().register(new AuthDynamicFeature(
                new ApiKeyAuthFilter(keys, warmupKey, metrics.meter(MetricRegistry.name("auth", "failures")))));
        environment.jersey().register(RolesAllowedDynamicFeature.class);

        protocols.forEach(protocol -> protocol.components().forEach(environment.jersey()::register));
        environment.jersey().register(new OpenApiResource(ServiceVersion.get(), routes));

        prometheus.register(environment, models, routes, probePaths(config));
        prometheus.register(dataPlane);

        Warmup warmup = new Warmup(config.getWarmup(), models, warmupKey, metrics,
                config.getLimits().getMaxBatchRows());
        environment.lifecycle().manage(warmup);
        environment.lifecycle().addServerLifecycleListener(warmup::serverStarted);
        environment.lifecycle().addEventListener(ClientRequestLog.INSTALLER);
        environment.healthChecks().register(WarmupHealthCheck.NAME, new WarmupHealthCheck(warmup));
    }

    /** The canary key from its filter; the warm-up's requests are scored like the clients' but not recorded. */
    private static final RequestContext REQUEST_CONTEXT = new RequestContext() {
        @Override
        public String canaryKey() {
            return CanaryKeyFilter.current();
        }

        @Override
        public boolean isClientTraffic() {
            return !WarmupKey.isWarmupRequest();
        }
    };

    /**
     * The challenger and how it takes part. A bad combination of settings has already stopped a production start
     * (IrisConfiguration's checks); development says why and serves the champion alone.
     */
    private static Rollout rollout(IrisConfiguration config, MetricRegistry metrics) {
        List<String> problems = config.getModel().rolloutProblems();
        if (!problems.isEmpty()) {
            LOG.error("Rollout settings ignored, serving the champion alone (development; production would not "
                    + "start): {}", String.join("; ", problems));
            return Rollout.NONE;
        }
        Rollout rollout = config.getModel().buildRollout(config.getMlflowTrackingUri(), metrics);
        if (rollout.isConfigured()) {
            LOG.info("Rollout: challenger {} in {} mode{}", config.getModel().getChallengerUri(),
                    rollout.mode().label(), rollout.mode() == RolloutMode.CANARY
                            ? ", answering " + rollout.canaryPercent() + "% of requests" : "");
        }
        return rollout;
    }

    /** Dropwizard's health check servlet's paths on the API port, which the probes call. */
    private static Set<String> probePaths(IrisConfiguration config) {
        return config.getHealthFactory()
                .filter(DefaultHealthFactory.class::isInstance)
                .map(health -> Set.copyOf(((DefaultHealthFactory) health).getHealthCheckUrlPaths()))
                .orElse(Set.of());
    }

    /**
     * Every error, whoever raises it, is one {@link io.irisapi.core.RejectedException} rendered once by
     * {@link ErrorRenderer}, through the one {@link ErrorMapper}: Dropwizard's own exception mappers,
     * which answer in its own shape, are replaced.
     */
    private static void registerErrors(IrisConfiguration config, Environment environment, ErrorRenderer errors) {
        if (config.getServerFactory() instanceof AbstractServerFactory server) {
            server.setRegisterDefaultExceptionMappers(false);
        }
        environment.jersey().register(new ErrorMapper(errors));
    }

    /**
     * Past {@code limits.maxConnections} open connections, the API's connector stops accepting: new ones wait in the
     * kernel's backlog. Each open connection holds about 15 KiB of heap in Jetty, and a client opening them faster
     * than they were served (vegeta against a cold JVM, docs/benchmarks.md) filled the 128 MiB heap in 10 s; on the
     * admin port, unbounded, vegeta on /ping did the same. The admin connector has its own limit
     * ({@code limits.maxAdminConnections}), so that probes still get through while the API port is flooded.
     */
    private static void limitConnections(Environment environment, Limits limits) {
        environment.lifecycle().addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                if (event instanceof Server server) {
                    server.addBean(new NetworkConnectionLimit(limits.getMaxConnections(),
                            named(server, "application")));
                    server.addBean(new NetworkConnectionLimit(limits.getMaxAdminConnections(),
                            named(server, "admin")));
                }
            }
        });
    }

    private static Connector[] named(Server server, String name) {
        return Arrays.stream(server.getConnectors())
                .filter(connector -> name.equals(connector.getName()))
                .toArray(Connector[]::new);
    }

    /**
     * The keys from API_KEY, or from API_KEY_FILE (read now, then watched for changes). In development without a
     * usable key a random one is made and printed once; production refuses to start without one.
     */
    private static ApiKeys apiKeys(IrisConfiguration config, Environment environment) {
        Optional<Path> file = config.getApiKeyFile();
        if (file.isPresent()) {
            ApiKeyFile keyFile = ApiKeyFile.open(file.get(), environment.metrics(),
                    refusal -> withoutKey(config, refusal));
            environment.lifecycle().manage(keyFile);
            return keyFile.keys();
        }
        ApiKeys keys = ApiKeys.parse(config.getApiKeys());
        if (!keys.isEmpty()) {
            LOG.info("API key authentication: {} key(s) configured", keys.size());
            return keys;
        }
        return withoutKey(config, "No API_KEY set");
    }

    private static ApiKeys withoutKey(IrisConfiguration config, String why) {
        if (config.getEnvironment() == RuntimeEnvironment.PRODUCTION) {
            // Configuration validation catches an unset key first; a key file is only known bad once read.
            throw new IllegalStateException(why + ": the service does not start in production without a valid key");
        }
        String generated = ApiKeys.generate();
        System.out.println("\n  " + why + " (development): generated key for this run:\n\n    X-API-Key: "
                + generated + "\n");
        return ApiKeys.parse(generated);
    }
}
