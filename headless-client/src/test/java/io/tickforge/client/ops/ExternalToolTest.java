package io.tickforge.client.ops;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing outside tool fails the test in CI and skips it, with the reason, elsewhere. */
class ExternalToolTest {
    private static final String MISSING = "/nonexistent/tickforge-tool";

    @Test
    void missingInCiFails() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> ExternalTool.require(MISSING, "some-package", true));
        assertTrue(e.getMessage().contains("apt-get install -y --no-install-recommends some-package"), e.getMessage());
    }

    @Test
    void missingOutsideCiSkipsWithTheReason() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> ExternalTool.require(MISSING, "some-package", false));
        assertTrue(e.getMessage().contains("skipped outside CI: " + MISSING + " is not installed"), e.getMessage());
    }

    @Test
    void presentIsReturned() {
        assertEquals("/bin/sh", ExternalTool.require("/bin/sh", "dash", true).toString());
    }
}
