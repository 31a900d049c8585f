package io.tickforge.client.ops;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * An outside program a system test needs (promtool, prometheus, chromium). In CI ({@code CI=true},
 * as .ci/run runs) a missing tool fails the test: .ci/run installs them, so missing means broken.
 * Outside CI the test is skipped with the reason and the install command, visible in the report.
 */
final class ExternalTool {
    private ExternalTool() {
    }

    static Path require(String path, String debianPackage) {
        return require(path, debianPackage, "true".equalsIgnoreCase(System.getenv("CI")));
    }

    static Path require(String path, String debianPackage, boolean inCi) {
        final Path p = Path.of(path);
        if (Files.isExecutable(p)) {
            return p;
        }
        final String why = path + " is not installed (apt-get install -y --no-install-recommends " + debianPackage
                + "; .ci/run does this)";
        if (inCi) {
            fail(why);
        }
        Assumptions.abort("skipped outside CI: " + why);
        return p;
    }
}
