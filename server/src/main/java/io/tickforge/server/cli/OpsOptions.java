package io.tickforge.server.cli;

import io.tickforge.server.admin.AdminConfig;
import io.tickforge.server.admin.AdminServer;
import io.tickforge.server.admin.AdminSources;
import io.tickforge.server.admin.JfrRecording;
import io.tickforge.server.net.ServerNetwork;
import io.tickforge.server.session.GameSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The operations options (admin HTTP endpoint, JFR), mixed into {@link ServerMain}'s command line
 * so that they group together in {@code --help} and in ServerMain's code. Main thread.
 */
public final class OpsOptions {
    private static final Logger LOG = LoggerFactory.getLogger(OpsOptions.class);

    @Option(names = "--admin-port", paramLabel = "PORT",
            description = "Serve the admin endpoint (/metrics, /healthz, /api/status, /events, dashboard /) on this port; 0 = ephemeral. Off unless set.")
    Integer adminPort;

    @Option(names = "--admin-bind", paramLabel = "ADDRESS", description = "Address of the admin endpoint. Default: ${DEFAULT-VALUE}.")
    String adminBind = AdminConfig.DEFAULT_BIND;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "When set, admin requests need 'Authorization: Bearer TOKEN' (401 otherwise).")
    String adminToken;

    @Option(names = "--jfr", paramLabel = "FILE",
            description = "Record a JFR file with one io.tickforge.Tick event per tick (written on stop).")
    Path jfrFile;

    /** Validates; null when the options are fine, else the message for a usage error. */
    String validate() {
        if (adminPort != null) {
            try {
                new AdminConfig(adminBind, adminPort, adminToken);
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        } else if (adminToken != null) {
            return "--admin-token needs --admin-port";
        }
        return null;
    }

    /** Before the tick thread starts: the JFR recording, or null. */
    JfrRecording startRecording() throws IOException {
        if (jfrFile == null) {
            return null;
        }
        final JfrRecording recording = JfrRecording.start(jfrFile);
        LOG.info("JFR recording io.tickforge.Tick events to {} (written on stop)", jfrFile);
        return recording;
    }

    /** After both are started: the admin endpoint, or null when --admin-port is not set. */
    AdminServer startAdmin(GameSession session, ServerNetwork network, String version) throws IOException {
        if (adminPort == null) {
            return null;
        }
        final AdminServer admin = new AdminServer(new AdminConfig(adminBind, adminPort, adminToken),
                new AdminSources(session, network.counters(), version));
        admin.start();
        return admin;
    }
}
