package io.irisapi;

import io.dropwizard.configuration.ConfigurationSourceProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Where configuration comes from: a file when one is named, else iris-api.yml inside the jar; ${VARS} from the environment. */
final class ConfigSources {
    private static final Set<String> CONFIGURED_COMMANDS = Set.of("server", "check");

    private ConfigSources() {
    }

    /** {@code server} alone means {@code server iris-api.yml}, the packaged configuration. */
    static String[] withDefaultConfig(String[] args) {
        boolean hasFile = args.length > 1 && !args[args.length - 1].startsWith("-");
        if (args.length >= 1 && CONFIGURED_COMMANDS.contains(args[0]) && !hasFile) {
            List<String> withFile = new ArrayList<>(List.of(args));
            withFile.add(IrisApplication.DEFAULT_CONFIG);
            return withFile.toArray(String[]::new);
        }
        return args;
    }

    /** ${VAR:-default} from the environment; not strict, so that the defaults in iris-api.yml apply. */
    static EnvironmentVariableSubstitutor environmentSubstitutor() {
        return new EnvironmentVariableSubstitutor(false);
    }

    static final class FileOrClasspath implements ConfigurationSourceProvider {
        @Override
        public InputStream open(String path) throws IOException {
            Path file = Path.of(path);
            if (Files.exists(file)) {
                return Files.newInputStream(file);
            }
            InputStream packaged = IrisApplication.class.getClassLoader().getResourceAsStream(path);
            if (packaged == null) {
                throw new FileNotFoundException("configuration file " + path + " not found");
            }
            return packaged;
        }
    }
}
