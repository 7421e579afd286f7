package io.irisapi.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The service's own version, written into the jar by the build; the packages below the root name it too. */
public final class ServiceVersion {
    private static final String VERSION = read();

    private ServiceVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ServiceVersion.class.getResourceAsStream("/io/irisapi/version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
