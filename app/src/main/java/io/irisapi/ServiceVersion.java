package io.irisapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The service's own version, written into the jar by the build. */
public final class ServiceVersion {
    private static final String VERSION = read();

    private ServiceVersion() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ServiceVersion.class.getResourceAsStream("version.properties")) {
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
