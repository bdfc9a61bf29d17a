package dev.tributary.kafka;

import dev.tributary.embedded.BrokerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed key and certificate for the embedded broker's TLS listener, and a trust store
 * holding that certificate for the clients, made with the JDK's {@code keytool}.
 */
final class TestKeyStores {
    static final String PASSWORD = "store-secret";

    private TestKeyStores() {}

    /** The broker's key store; {@link #trustStore} next to it holds its certificate. */
    static BrokerSettings.KeyStore create(Path dir) throws IOException, InterruptedException {
        Path keys = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        keytool(
                "-genkeypair",
                "-alias",
                "broker",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keys.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "broker",
                "-rfc",
                "-keystore",
                keys.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "broker",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore(dir).toString(),
                "-storepass",
                PASSWORD);
        return new BrokerSettings.KeyStore(keys, PASSWORD);
    }

    static Path trustStore(Path dir) {
        return dir.resolve("clients-trust.p12");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }
}
