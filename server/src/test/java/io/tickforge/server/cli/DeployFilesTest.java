package io.tickforge.server.cli;

import io.tickforge.server.agones.AgonesLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The files under deploy/ agree with the server they deploy: ports and protocols are the server's
 * defaults, Agones' health settings fit our ping period, every TICKFORGE_ variable is an option,
 * the Fleet's template is the GameServer's spec, and systemd accepts the unit. No Docker engine
 * here, so the Dockerfile is checked by reading it.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    /**
     * Options of the admin HTTP server (issue 10, part 1), built on another branch: tolerated while
     * the server has no --admin-* option at all; once it has one, these names must exist too.
     */
    private static final Set<String> ADMIN_OPTIONS = Set.of("admin-port", "admin-bind", "admin-token");

    @TempDir
    Path tmp;

    private final ServerMain defaults = new ServerMain();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(String file) throws IOException {
        return new Yaml().load(Files.readString(DEPLOY.resolve(file), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(key));
            } else if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(key)) {
                    fail("no '" + key + "' in " + String.join(".", path));
                }
                current = map.get(key);
            } else {
                fail(String.join(".", path) + ": not a map or list at '" + key + "'");
            }
        }
        return (T) current;
    }

    private static Set<String> optionNames() {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : new CommandLine(new ServerMain()).getCommandSpec().options()) {
            names.add(ServerMain.keyOf(option));
        }
        return names;
    }

    /** Every TICKFORGE_X variable must be a server option (--x), or the server would ignore it. */
    private static void assertKnownVariables(Map<String, String> env, String where) {
        Set<String> options = optionNames();
        boolean adminServerPresent = options.stream().anyMatch(o -> o.startsWith("admin-"));
        for (String name : env.keySet()) {
            if (!name.startsWith(ServerMain.ENV_PREFIX)) {
                continue;
            }
            String option = name.substring(ServerMain.ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
            assertTrue(options.contains(option) || (!adminServerPresent && ADMIN_OPTIONS.contains(option)),
                    where + ": " + name + " matches no server option (--" + option + ")");
        }
    }

    private static Map<String, String> containerEnv(Map<String, Object> gameServerSpec) {
        List<Map<String, Object>> env = at(gameServerSpec, "template", "spec", "containers", "0", "env");
        Map<String, String> map = new LinkedHashMap<>();
        for (Map<String, Object> e : env) {
            map.put((String) e.get("name"), String.valueOf(e.get("value")));
        }
        return map;
    }

    @Test
    void gameServerUsesTheServersPortsAndAHealthPeriodThatFitsThePings() throws IOException {
        Map<String, Object> gs = yaml("agones/gameserver.yaml");
        assertEquals("agones.dev/v1", gs.get("apiVersion"));
        assertEquals("GameServer", gs.get("kind"));
        Map<String, Object> spec = at(gs, "spec");

        List<Map<String, Object>> ports = at(spec, "ports");
        assertEquals(2, ports.size());
        assertEquals(Map.of("name", "tcp", "portPolicy", "Dynamic", "containerPort", defaults.tcpPort, "protocol", "TCP"),
                ports.get(0));
        assertEquals(Map.of("name", "udp", "portPolicy", "Dynamic", "containerPort", defaults.udpPort, "protocol", "UDP"),
                ports.get(1));

        int periodS = at(spec, "health", "periodSeconds");
        int threshold = at(spec, "health", "failureThreshold");
        assertEquals(false, at(spec, "health", "disabled"));
        assertTrue(TimeUnit.SECONDS.toMillis(periodS) >= 2 * AgonesLifecycle.HEALTH_PERIOD_MS,
                "a period holds at least two pings, so one late ping is not a failure");
        assertTrue(threshold >= 2 && periodS * threshold <= 30, "a stuck loop is replaced within 30 s");

        String container = at(spec, "container");
        assertEquals(container, at(spec, "template", "spec", "containers", "0", "name"));

        Map<String, String> env = containerEnv(spec);
        assertKnownVariables(env, "gameserver.yaml");
        int maxPlayers = Integer.parseInt(env.get("TICKFORGE_MAX_PLAYERS"));
        assertEquals(maxPlayers, (int) at(spec, "lists", "players", "capacity"), "players List holds every slot");
        long warmupS = new ServerMain.Seconds().convert(env.get("TICKFORGE_WARMUP"));
        assertEquals(ServerMain.DEPLOY_WARMUP_S, warmupS, "the manifests warm up before Ready");
        assertTrue((int) at(spec, "health", "initialDelaySeconds") >= warmupS + 5,
                "the first health check waits for the JVM to start, warm up (" + warmupS + " s at most) and bind");
        long drainS = new ServerMain.Seconds().convert(env.get("TICKFORGE_DRAIN_TIMEOUT"));
        int graceS = at(spec, "template", "spec", "terminationGracePeriodSeconds");
        assertTrue(graceS >= drainS + 10, "SIGTERM grace " + graceS + " s covers the drain (" + drainS + " s) and exit");

        Map<String, Object> resources = at(spec, "template", "spec", "containers", "0", "resources");
        assertEquals("500m", at(resources, "requests", "cpu"));
        assertEquals("512Mi", at(resources, "requests", "memory"));
        assertEquals("768Mi", at(resources, "limits", "memory"));
    }

    @Test
    void fleetTemplateIsTheGameServerSpecAndTheAutoscalerPointsAtIt() throws IOException {
        Map<String, Object> gs = yaml("agones/gameserver.yaml");
        Map<String, Object> fleet = yaml("agones/fleet.yaml");
        assertEquals("Fleet", fleet.get("kind"));
        assertEquals((Object) at(gs, "spec"), at(fleet, "spec", "template", "spec"), "fleet.yaml drifted from gameserver.yaml");

        Map<String, Object> autoscaler = yaml("agones/fleetautoscaler.yaml");
        assertEquals("FleetAutoscaler", autoscaler.get("kind"));
        assertEquals((String) at(fleet, "metadata", "name"), at(autoscaler, "spec", "fleetName"));
        assertEquals("Buffer", at(autoscaler, "spec", "policy", "type"));
        int buffer = at(autoscaler, "spec", "policy", "buffer", "bufferSize");
        int min = at(autoscaler, "spec", "policy", "buffer", "minReplicas");
        int max = at(autoscaler, "spec", "policy", "buffer", "maxReplicas");
        assertTrue(0 < buffer && buffer <= min && min <= max, buffer + " <= " + min + " <= " + max);

        Map<String, Object> allocation = yaml("agones/allocation.yaml");
        assertEquals("GameServerAllocation", allocation.get("kind"));
        assertEquals((String) at(fleet, "metadata", "name"), at(allocation, "spec", "selectors", "0", "matchLabels", "agones.dev/fleet"));
        Map<String, String> annotations = at(allocation, "spec", "metadata", "annotations");
        Map<String, String> labels = at(allocation, "spec", "metadata", "labels");
        assertTrue(annotations.containsKey(AgonesLifecycle.JOIN_TOKEN_ANNOTATION), annotations.toString());
        assertTrue(labels.containsKey(AgonesLifecycle.MATCH_LABEL), labels.toString());
    }

    @Test
    void dockerfileRunsTheJreAsAnUnprivilegedUserOnTheServersPorts() throws IOException {
        List<String> lines = dockerInstructions();
        assertEquals("FROM eclipse-temurin:17-jre", lines.get(0));
        Map<String, String> env = new LinkedHashMap<>();
        Set<String> exposed = new TreeSet<>();
        String user = null;
        String healthcheck = null;
        for (String line : lines) {
            if (line.startsWith("ENV ")) {
                Matcher m = Pattern.compile("(\\w+)=(\\S+)").matcher(line.substring(4));
                while (m.find()) {
                    env.put(m.group(1), m.group(2));
                }
            } else if (line.startsWith("EXPOSE ")) {
                exposed.addAll(List.of(line.substring(7).trim().split("\\s+")));
            } else if (line.startsWith("USER ")) {
                user = line.substring(5).trim();
            } else if (line.startsWith("HEALTHCHECK ")) {
                healthcheck = line;
            }
        }
        assertKnownVariables(env, "Dockerfile");
        assertEquals(Integer.toString(defaults.tcpPort), env.get("TICKFORGE_TCP_PORT"));
        assertEquals(Integer.toString(defaults.udpPort), env.get("TICKFORGE_UDP_PORT"));
        String admin = env.get("TICKFORGE_ADMIN_PORT");
        assertEquals(Set.of(defaults.tcpPort + "/tcp", defaults.udpPort + "/udp", admin + "/tcp"), exposed);
        assertTrue(user != null && !user.startsWith("0") && !user.startsWith("root"), "non-root USER, got " + user);
        assertTrue(healthcheck != null && healthcheck.contains("http://127.0.0.1:" + admin + "/healthz"), healthcheck);
        assertEquals(ServerMain.DEPLOY_WARMUP_S, new ServerMain.Seconds().convert(env.get("TICKFORGE_WARMUP")),
                "the image warms up before it binds");
        java.util.regex.Matcher startPeriod = java.util.regex.Pattern.compile("--start-period=(\\d+)s").matcher(healthcheck);
        assertTrue(startPeriod.find(), healthcheck);
        assertTrue(Long.parseLong(startPeriod.group(1)) >= ServerMain.DEPLOY_WARMUP_S + 5,
                "failed health checks count only after the warm-up: " + healthcheck);
        String entrypoint = lines.get(lines.size() - 1);
        assertTrue(entrypoint.startsWith("ENTRYPOINT [\"java\"") && entrypoint.contains("tickforge-server.jar"), entrypoint);
    }

    /**
     * Both ways of running the server choose a low-pause collector (the JVM's own choice on one or
     * two cores is Serial, whose young pauses reached 155-193 ms under stress) and the same JVM options.
     */
    @Test
    void dockerfileAndSystemdUnitRunTheSameJvmOptionsWithZgc() throws IOException {
        List<String> lines = dockerInstructions();
        String entrypoint = lines.get(lines.size() - 1);
        List<String> docker = new java.util.ArrayList<>();
        Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(entrypoint);
        while (quoted.find()) {
            docker.add(quoted.group(1));
        }
        String exec = Files.readAllLines(DEPLOY.resolve("systemd/tickforge.service"), StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        List<String> unit = List.of(exec.substring("ExecStart=".length()).trim().split("\\s+"));
        List<String> dockerJvm = docker.subList(1, docker.indexOf("-jar"));
        List<String> unitJvm = unit.subList(1, unit.indexOf("-jar"));
        assertTrue(dockerJvm.contains("-XX:+UseZGC"), "Dockerfile JVM options " + dockerJvm);
        assertEquals(dockerJvm, unitJvm, "Dockerfile and systemd unit JVM options");
    }

    /** Dockerfile instructions, continuation lines joined, comments dropped. */
    private static List<String> dockerInstructions() throws IOException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : Files.readAllLines(DEPLOY.resolve("Dockerfile"), StandardCharsets.UTF_8)) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            if (current.length() > 0) {
                out.add(current.toString().replaceAll("\\s+", " ").strip());
            }
            current.setLength(0);
        }
        return out;
    }

    @Test
    @Timeout(60)
    void systemdAcceptsTheUnit() throws Exception {
        Path unit = DEPLOY.resolve("systemd/tickforge.service");
        String text = Files.readString(unit, StandardCharsets.UTF_8);
        assertTrue(text.contains("RestartPreventExitStatus=2 " + StartupError.EXIT_PORT_IN_USE),
                "no restart loop on usage errors or a taken port");
        Map<String, String> env = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^Environment=(.*)$").matcher(text);
        while (m.find()) {
            for (String pair : m.group(1).trim().split("\\s+")) {
                String[] kv = pair.split("=", 2);
                env.put(kv[0], kv[1]);
            }
        }
        assertKnownVariables(env, "tickforge.service");
        assertEquals(ServerMain.DEPLOY_WARMUP_S, new ServerMain.Seconds().convert(env.get("TICKFORGE_WARMUP")),
                "the unit warms up before it binds");
        assertEquals(Integer.toString(defaults.tcpPort), env.get("TICKFORGE_TCP_PORT"));

        String out = systemdAnalyzeVerify(unit);
        assertEquals("", out, "systemd-analyze verify complained");

        // The same check on a broken copy complains, so an empty answer above means something.
        Path broken = tmp.resolve("tickforge.service");
        Files.writeString(broken, text.replace("ExecStart=/usr/bin/java", "ExecStart=/usr/bin/no-such-java")
                .replace("Type=exec", "Type=bogus"));
        assertNotEquals("", systemdAnalyzeVerify(broken));
    }

    private static String systemdAnalyzeVerify(Path unit) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("systemd-analyze", "verify", unit.toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("systemd-analyze not found: install the Debian package 'systemd' (.ci/run does): " + e.getMessage());
            return "";
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue() == 0 ? out : ("exit " + process.exitValue() + ": " + out);
    }
}
