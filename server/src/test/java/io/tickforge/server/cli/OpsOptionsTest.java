package io.tickforge.server.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin endpoint and JFR options as ServerMain sees them. */
class OpsOptionsTest {
    @TempDir
    Path dir;

    @Test
    void helpListsTheOpsOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = ServerMain.commandLine(new String[] {"--help"}, Map.of());
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        for (String option : new String[] {"--admin-port", "--admin-bind", "--admin-token", "--jfr", "Default: 127.0.0.1."}) {
            assertTrue(out.toString().contains(option), option + " missing from:\n" + out);
        }
    }

    @Test
    void offByDefaultAndSetFromEnvironmentOrFile() throws Exception {
        CommandLine plain = ServerMain.commandLine(new String[0], Map.of());
        plain.parseArgs();
        ServerMain main = plain.getCommand();
        assertNull(main.ops.adminPort, "no admin endpoint unless asked for");
        assertEquals("127.0.0.1", main.ops.adminBind);
        assertNull(main.ops.jfrFile);

        Path file = dir.resolve("server.properties");
        Files.writeString(file, "admin-port=9100\nadmin-token=from-file\n");
        String[] args = {"--config", file.toString()};
        CommandLine cli = ServerMain.commandLine(args, Map.of("TICKFORGE_ADMIN_BIND", "0.0.0.0"));
        cli.parseArgs(args);
        main = cli.getCommand();
        assertEquals(9100, main.ops.adminPort);
        assertEquals("from-file", main.ops.adminToken);
        assertEquals("0.0.0.0", main.ops.adminBind);
        assertNull(main.ops.validate());
    }

    @Test
    void badOpsOptionsAreUsageErrors() {
        for (String[] args : new String[][] {{"--admin-token", "x"}, {"--admin-port", "70000"},
                {"--admin-port", "0", "--admin-token", "two words"}, {"--admin-port", "0", "--admin-bind", " "}}) {
            CommandLine cli = ServerMain.commandLine(args, Map.of());
            StringWriter err = new StringWriter();
            cli.setErr(new PrintWriter(err));
            assertEquals(2, cli.execute(args), String.join(" ", args));
            assertTrue(err.toString().contains("--admin"), "names the option: " + err);
        }
    }

    @Test
    @Timeout(30)
    void aTakenAdminPortStopsTheStartWithExitOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String[] args = {"--tcp-port", "0", "--udp-port", "0", "--admin-port", Integer.toString(taken.getLocalPort())};
            CommandLine cli = ServerMain.commandLine(args, Map.of());
            assertEquals(1, cli.execute(args));
        }
    }
}
