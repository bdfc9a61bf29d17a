package dev.tributary.app.cli;

import dev.tributary.embedded.BrokerSettings;
import dev.tributary.embedded.EmbeddedDatabase;
import dev.tributary.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Starts the embedded Kafka broker and PostgreSQL for local use and prints how to reach them. */
@Command(
        name = "services",
        mixinStandardHelpOptions = true,
        description =
                "Start an in-process Kafka broker and a real PostgreSQL on free loopback ports, print"
                        + " their connection settings, and keep them up until Ctrl-C.")
public final class ServicesCommand implements Callable<Integer> {
    @Option(
            names = "--dir",
            defaultValue = "tributary-state/services",
            paramLabel = "DIR",
            description = "Where their data lives; kept between runs (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(
            names = "--database",
            defaultValue = "warehouse",
            paramLabel = "NAME",
            description = "A database to create in PostgreSQL (default: ${DEFAULT-VALUE}).")
    String database;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        // Like a stock broker, so that Debezium or any producer can write to a topic by its name.
        EmbeddedKafka kafka =
                EmbeddedKafka.start(
                        dir.resolve("kafka").toAbsolutePath(),
                        BrokerSettings.DEFAULT.withTopicsCreatedOnUse());
        EmbeddedDatabase postgres =
                EmbeddedDatabase.start(dir.resolve("postgres").toAbsolutePath());
        postgres.createDatabase(database);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    kafka.close();
                                    postgres.close();
                                    stopped.countDown();
                                },
                                "services-shutdown"));
        spec.commandLine()
                .getOut()
                .printf(
                        String.join(
                                System.lineSeparator(),
                                "Kafka and PostgreSQL are running. In another shell:",
                                "  export KAFKA=%s",
                                "  export WAREHOUSE_URL=%s",
                                "  export WAREHOUSE_USER=%s",
                                "  export WAREHOUSE_PASSWORD=",
                                "  psql -h 127.0.0.1 -p %d -U %s %s",
                                "Ctrl-C stops them (data stays in %s).%n"),
                        kafka.bootstrapServers(),
                        postgres.jdbcUrl(database),
                        postgres.user(),
                        postgres.port(),
                        postgres.user(),
                        database,
                        dir.toAbsolutePath());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
