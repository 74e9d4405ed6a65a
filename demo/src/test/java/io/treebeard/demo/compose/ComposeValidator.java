package io.treebeard.demo.compose;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.FileSystemResource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks a docker-compose file against the services it deploys, without docker: the file parses, every build context
 * and Dockerfile exists, every environment variable of a TreeBeard service binds to a real configuration key of that
 * service (with Spring Boot's own relaxed binding rules), every {@code ${VAR}} is documented in the env example, and
 * every port agrees with the service's server port, its health check and the other services.
 */
public final class ComposeValidator {

    /**
     * One deployable service.
     *
     * @param module       the Maven module (the Dockerfile's MODULE build argument)
     * @param configPrefix the prefix of its typed configuration
     * @param configClass  its {@code @ConfigurationProperties} record
     * @param otherKeys    environment variables outside the typed configuration that it reads (Spring keys)
     */
    public record Service(String module, String configPrefix, Class<?> configClass, Set<String> otherKeys) {
    }

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?[-?][^}]*)?}");
    private static final Pattern TCP_PORT = Pattern.compile("/dev/tcp/localhost/(\\d+)|localhost:(\\d+)");

    private final Path root;
    private final Map<String, Service> services;
    private final Set<String> documentedVariables;

    /** A validator for compose files under {@code root}, knowing the deployable services by module. */
    public ComposeValidator(Path root, Map<String, Service> services, Set<String> documentedVariables) {
        this.root = root;
        this.services = services;
        this.documentedVariables = documentedVariables;
    }

    /** The problems found in {@code composeYaml}; empty when the file is valid. */
    @SuppressWarnings("unchecked")
    public List<String> validate(String composeYaml) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> compose;
        try {
            compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(composeYaml);
        } catch (RuntimeException e) {
            return List.of("does not parse: " + e.getMessage());
        }
        Map<String, Object> declared = (Map<String, Object>) compose.getOrDefault("services", Map.of());
        if (declared.isEmpty()) {
            problems.add("no services");
        }
        Map<Integer, String> hostPorts = new HashMap<>();
        for (Map.Entry<String, Object> entry : declared.entrySet()) {
            String name = entry.getKey();
            Map<String, Object> service = (Map<String, Object>) entry.getValue();
            checkReferences(name, service, problems);
            checkDependencies(name, service, declared, problems);
            List<Integer> containerPorts = checkPorts(name, service, hostPorts, problems);
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            if (build != null) {
                checkBuiltService(name, service, build, containerPorts, problems);
            } else if (!containerPorts.isEmpty()) {
                // PostgreSQL, Kafka and Redis are reached by the services on the compose network only.
                problems.add(name + ": an infrastructure server publishes port(s) " + containerPorts + " to the host");
            }
        }
        return problems;
    }

    private void checkReferences(String name, Map<String, Object> service, List<String> problems) {
        Matcher m = REFERENCE.matcher(String.valueOf(service));
        while (m.find()) {
            if (!documentedVariables.contains(m.group(1))) {
                problems.add(name + ": ${" + m.group(1) + "} is not documented in deploy/.env.example");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkDependencies(String name, Map<String, Object> service, Map<String, Object> declared,
            List<String> problems) {
        Object dependsOn = service.get("depends_on");
        Iterable<String> targets = dependsOn instanceof Map ? ((Map<String, Object>) dependsOn).keySet()
                : dependsOn instanceof List ? (List<String>) dependsOn : List.of();
        for (String target : targets) {
            if (!declared.containsKey(target)) {
                problems.add(name + ": depends_on names an unknown service " + target);
            }
        }
    }

    @SuppressWarnings("unchecked")
    /** Operator UIs (Prometheus, Grafana) may publish a port, on the host's loopback only. */
    private static final java.util.Set<String> OPERATOR_UIS = java.util.Set.of("prometheus", "grafana");
    private static final String LOOPBACK = "127.0.0.1";

    private static List<Integer> checkPorts(String name, Map<String, Object> service, Map<Integer, String> hostPorts,
            List<String> problems) {
        List<Integer> containerPorts = new ArrayList<>();
        for (Object mapping : (List<Object>) service.getOrDefault("ports", List.of())) {
            String[] parts = String.valueOf(mapping).split(":");
            boolean loopback = parts.length == 3 && parts[0].equals(LOOPBACK);
            if (parts.length != 2 && !loopback) {
                problems.add(name + ": port mapping " + mapping + " must be HOST:CONTAINER or " + LOOPBACK + ":HOST:CONTAINER");
                continue;
            }
            int host = Integer.parseInt(parts[parts.length - 2]);
            if (!(loopback && OPERATOR_UIS.contains(name))) {
                containerPorts.add(Integer.parseInt(parts[parts.length - 1]));
            }
            String previous = hostPorts.putIfAbsent(host, name);
            if (previous != null) {
                problems.add(name + ": host port " + host + " is already published by " + previous);
            }
        }
        return containerPorts;
    }

    @SuppressWarnings("unchecked")
    private void checkBuiltService(String name, Map<String, Object> service, Map<String, Object> build,
            List<Integer> containerPorts, List<String> problems) {
        Path context = root.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
        if (!Files.isDirectory(context)) {
            problems.add(name + ": build context " + context + " does not exist");
            return;
        }
        Path dockerfile = context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
        if (!Files.isRegularFile(dockerfile)) {
            problems.add(name + ": Dockerfile " + dockerfile + " does not exist");
        }
        Object module = ((Map<String, Object>) build.getOrDefault("args", Map.of())).get("MODULE");
        Service known = services.get(String.valueOf(module));
        if (known == null || !Files.isRegularFile(context.resolve(known.module()).resolve("pom.xml"))) {
            problems.add(name + ": build argument MODULE=" + module + " is not a deployable module");
            return;
        }
        Map<String, String> env = new LinkedHashMap<>();
        ((Map<String, Object>) service.getOrDefault("environment", Map.of()))
                .forEach((k, v) -> env.put(k, String.valueOf(v)));
        checkEnvironment(name, known, env, problems);
        int serverPort = env.containsKey("SERVER_PORT") ? Integer.parseInt(env.get("SERVER_PORT")) : defaultPort(known, context);
        for (int port : containerPorts) {
            if (port != serverPort && port != serverPort + 1000) {
                problems.add(name + ": publishes container port " + port + " but the service listens on " + serverPort);
            }
        }
        // Actuator runs on the management port: the API port + 1000 unless MANAGEMENT_SERVER_PORT is set (service-kit).
        int managementPort = env.containsKey("MANAGEMENT_SERVER_PORT") ? Integer.parseInt(env.get("MANAGEMENT_SERVER_PORT"))
                : serverPort + 1000;
        for (int port : containerPorts) {
            if (port == managementPort) {
                problems.add(name + ": publishes its management port " + port + " to the host");
            }
        }
        Matcher check = TCP_PORT.matcher(String.valueOf(service.get("healthcheck")));
        while (check.find()) {
            int port = Integer.parseInt(check.group(1) != null ? check.group(1) : check.group(2));
            if (port != managementPort) {
                problems.add(name + ": health check probes port " + port + " but actuator listens on " + managementPort);
            }
        }
    }

    private static void checkEnvironment(String name, Service service, Map<String, String> env, List<String> problems) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String key = variable.getKey();
            if (key.equals("SPRING_APPLICATION_JSON")) {
                continue;
            }
            if (key.startsWith(service.configPrefix().toUpperCase().replace('.', '_') + "_")) {
                typed.put(key, variable.getValue());
            } else if (!service.otherKeys().contains(key)) {
                problems.add(name + ": " + key + " is not a configuration key of " + service.module());
            }
        }
        bind(name, service, new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, typed), problems);
        String json = env.get("SPRING_APPLICATION_JSON");
        if (json != null) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", JsonParserFactory.getJsonParser().parseMap(json.replaceAll("\\$\\{[^}]*}", "x")), flat);
            bind(name, service, new MapPropertySource("spring.application.json", flat), problems);
        }
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> map, Map<String, Object> out) {
        map.forEach((k, v) -> {
            String key = prefix.isEmpty() ? k : prefix + "." + k;
            if (v instanceof Map && !key.endsWith("role-passwords")) {
                flatten(key, (Map<String, Object>) v, out);
            } else if (v instanceof Map) {
                ((Map<String, Object>) v).forEach((mk, mv) -> out.put(key + "[" + mk + "]", mv));
            } else {
                out.put(key, v);
            }
        });
    }

    private static void bind(String name, Service service, PropertySource<?> source, List<String> problems) {
        Binder binder = new Binder(ConfigurationPropertySource.from(source));
        BindHandler strict = new NoUnboundElementsBindHandler(BindHandler.DEFAULT);
        try {
            binder.bind(service.configPrefix(), Bindable.of(service.configClass()), strict);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnboundConfigurationPropertiesException unbound) {
                    unbound.getUnboundProperties().forEach(property -> problems.add(name + ": " + property.getOrigin()
                            + " is not a configuration key of " + service.module() + " (" + property.getName() + ")"));
                    return;
                }
            }
            // Any other binding failure (a required key without a value) is the service's own startup check.
        }
    }

    private static int defaultPort(Service service, Path context) {
        Path yml = context.resolve(service.module()).resolve("src/main/resources/application.yml");
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load("app", new FileSystemResource(yml))) {
                Object port = source.getProperty("server.port");
                if (port != null) {
                    return Integer.parseInt(String.valueOf(port));
                }
            }
            return 8080;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variable names of a {@code KEY=value} env file. */
    public static Set<String> variablesOf(Path envFile) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(envFile)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames();
    }
}
