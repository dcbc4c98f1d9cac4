package com.partnerplatform.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.partnerplatform.testsupport.DatabaseSettings;
import com.partnerplatform.testsupport.KafkaProcess;
import com.partnerplatform.testsupport.Ports;
import com.partnerplatform.testsupport.PostgresServer;

/**
 * The platform's processes, as {@code ./platform} runs them and as system tests reuse them: a
 * Kafka broker JVM ({@link KafkaProcess}), a dedicated PostgreSQL ({@link PostgresServer}) and
 * the selected services as packaged jars ({@link ServiceProcess}), each given the broker and
 * database through the environment. Every part can be stopped, killed and started again.
 *
 * <pre>{@code
 * try (PlatformProcesses platform = PlatformProcesses.builder(repoRoot, workDir)
 *         .services(PlatformProcesses.QUOTE, PlatformProcesses.SIGNER)
 *         .configure(PlatformProcesses.QUOTE, quote -> quote.systemProperty("quarkus.otel.sdk.disabled", "false"))
 *         .start()) {
 *     platform.service(PlatformProcesses.SIGNER).kill();
 * }
 * }</pre>
 */
public final class PlatformProcesses implements AutoCloseable {

    public static final String SIGNER = "signer-service";
    public static final String QUOTE = "quote-service";
    public static final String WEBHOOK = "webhook-ingress";
    public static final String YGG = "ygg-hmac-gateway";
    /** Every service in start order (the signer first: quote-service needs its keys), with its fixed local port. */
    public static final Map<String, Integer> SERVICE_PORTS;

    static {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put(SIGNER, 8082);
        ports.put(QUOTE, 8081);
        ports.put(WEBHOOK, 8083);
        ports.put(YGG, 8084);
        SERVICE_PORTS = Collections.unmodifiableMap(ports);
    }

    private final Builder config;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final Map<String, String> serviceEnvironment = new LinkedHashMap<>();
    private KafkaProcess kafka;
    private PostgresServer postgres;

    private PlatformProcesses(Builder config) {
        this.config = config;
    }

    /**
     * @param repoRoot the checkout, where each service's {@code target/quarkus-app/quarkus-run.jar} is
     * @param stateDirectory where the broker and the database keep their data and the services their logs
     */
    public static Builder builder(Path repoRoot, Path stateDirectory) {
        return new Builder(repoRoot, stateDirectory);
    }

    /** Starts Kafka, PostgreSQL, then every service, and waits until each service reports ready. */
    private PlatformProcesses start() {
        try {
            if (config.kafka) {
                config.progress.accept("starting Kafka (KRaft) on 127.0.0.1:" + config.kafkaPort + " ...");
                kafka = new KafkaProcess(config.stateDirectory.resolve("kafka"), config.kafkaPort, config.kafkaClasspath,
                        config.kafkaHeap);
                kafka.start(config.infrastructureTimeout);
                config.started.accept("kafka", kafka.pid());
                serviceEnvironment.put("KAFKA_BOOTSTRAP", kafka.bootstrapServers());
            }
            if (config.postgres) {
                config.progress.accept("starting PostgreSQL on 127.0.0.1:" + config.postgresPort + " ...");
                postgres = PostgresServer.dedicated(config.stateDirectory.resolve("postgres"), config.postgresPort);
                config.started.accept("postgres", postgres.pid());
                DatabaseSettings db = postgres.settings();
                serviceEnvironment.put("PG_JDBC_URL", db.jdbcUrl());
                serviceEnvironment.put("PG_REACTIVE_URL", db.reactiveUrl());
                serviceEnvironment.put("PG_USER", db.user());
                serviceEnvironment.put("PG_PASSWORD", db.password());
            }
            serviceEnvironment.putAll(config.environment);
            for (String module : config.modules) {
                int port = config.fixedPorts ? SERVICE_PORTS.get(module) : Ports.freePort();
                ServiceProcess service = new ServiceProcess(module, port,
                        config.jars.getOrDefault(module, serviceJar(config.repoRoot, module)),
                        config.stateDirectory.resolve("logs").resolve(module + ".log"))
                        .env(serviceEnvironment).heap(config.serviceHeap);
                config.customizers.getOrDefault(module, s -> { }).accept(service);
                services.add(service);
            }
            if (!services.isEmpty()) {
                config.progress.accept("starting " + services.size() + " services ...");
            }
            for (ServiceProcess service : services) {
                service.start();
                config.started.accept(service.name, service.pid());
            }
            for (ServiceProcess service : services) {
                service.awaitReady(config.readyTimeout);
            }
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * quote-service with the memory settings its load harness measured and its container image uses
     * (quote-service/README.md, Performance): a small initial heap, C1 only, two malloc arenas.
     */
    private static void asMeasured(ServiceProcess quote) {
        quote.jvmOption("-Xms32m").jvmOption("-XX:TieredStopAtLevel=1").env("MALLOC_ARENA_MAX", "2");
    }

    /** Where a module's packaged Quarkus application is. */
    public static Path serviceJar(Path repoRoot, String module) {
        return repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public KafkaProcess kafka() {
        return require(kafka, "Kafka");
    }

    public PostgresServer postgres() {
        return require(postgres, "PostgreSQL");
    }

    public DatabaseSettings database() {
        return postgres().settings();
    }

    public List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    public ServiceProcess service(String module) {
        return services.stream().filter(s -> s.name.equals(module)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(module + " was not started"));
    }

    /** What every service was given: the broker, the database and the builder's environment. */
    public Map<String, String> serviceEnvironment() {
        return Collections.unmodifiableMap(serviceEnvironment);
    }

    /** Stops the services (in reverse order), then the broker and the database. Idempotent. */
    @Override
    public synchronized void close() {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (postgres != null) {
            postgres.stop();
        }
    }

    private static <T> T require(T part, String what) {
        if (part == null) {
            throw new IllegalStateException(what + " was not part of this platform");
        }
        return part;
    }

    /** What to start and how; {@link #start()} starts it. */
    public static final class Builder {
        private final Path repoRoot;
        private final Path stateDirectory;
        private final List<String> modules = new ArrayList<>();
        private final Map<String, Consumer<ServiceProcess>> customizers = new LinkedHashMap<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private final Map<String, Path> jars = new LinkedHashMap<>();
        private boolean kafka = true;
        private boolean postgres = true;
        private boolean fixedPorts;
        private int kafkaPort;
        private int postgresPort;
        private String kafkaHeap = "512m";
        private String kafkaClasspath = System.getProperty("java.class.path");
        private String serviceHeap = "256m";
        private Duration infrastructureTimeout = Duration.ofSeconds(120);
        private Duration readyTimeout = Duration.ofSeconds(180);
        private Consumer<String> progress = message -> { };
        private BiConsumer<String, Long> started = (name, pid) -> { };

        private Builder(Path repoRoot, Path stateDirectory) {
            this.repoRoot = repoRoot;
            this.stateDirectory = stateDirectory;
            customizers.put(QUOTE, PlatformProcesses::asMeasured);
        }

        /** The services to run, started in {@link #SERVICE_PORTS} order whatever the order given here. */
        public Builder services(String... names) {
            for (String name : names) {
                if (!SERVICE_PORTS.containsKey(name)) {
                    throw new IllegalArgumentException("unknown service " + name + "; one of " + SERVICE_PORTS.keySet());
                }
                if (!modules.contains(name)) {
                    modules.add(name);
                }
            }
            List<String> order = List.copyOf(SERVICE_PORTS.keySet());
            modules.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
            return this;
        }

        public Builder allServices() {
            return services(SERVICE_PORTS.keySet().toArray(String[]::new));
        }

        /** Extra configuration of one service (environment, system properties, profile) before it starts. */
        public Builder configure(String service, Consumer<ServiceProcess> customizer) {
            customizers.merge(service, customizer, Consumer::andThen);
            return this;
        }

        /** Runs {@code service} from another packaged jar than its module's {@code target/quarkus-app/quarkus-run.jar}. */
        public Builder serviceJar(String service, Path quarkusRunJar) {
            jars.put(service, quarkusRunJar);
            return this;
        }

        /** Environment variables given to every service. */
        public Builder environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        public Builder withoutKafka() {
            kafka = false;
            return this;
        }

        public Builder withoutPostgres() {
            postgres = false;
            return this;
        }

        /** The services on their fixed local ports (8081-8084) instead of free ones. */
        public Builder fixedServicePorts() {
            fixedPorts = true;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder kafkaPort(int port) {
            kafkaPort = port;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder postgresPort(int port) {
            postgresPort = port;
            return this;
        }

        public Builder kafkaHeap(String maxHeap) {
            kafkaHeap = maxHeap;
            return this;
        }

        public Builder serviceHeap(String maxHeap) {
            serviceHeap = maxHeap;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            readyTimeout = timeout;
            return this;
        }

        /** Progress lines ("starting ..."), e.g. {@code System.out::println}. */
        public Builder progress(Consumer<String> listener) {
            progress = listener;
            return this;
        }

        /** Told the name and pid of every process as it starts. */
        public Builder onProcessStarted(BiConsumer<String, Long> listener) {
            started = listener;
            return this;
        }

        public PlatformProcesses start() {
            if (kafkaPort == 0) {
                kafkaPort = Ports.freePort();
            }
            if (postgresPort == 0) {
                postgresPort = Ports.freePort();
            }
            return new PlatformProcesses(this).start();
        }
    }
}
