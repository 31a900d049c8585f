package io.tickforge.client;

import io.tickforge.shared.game.ArenaSchemas;
import io.tickforge.shared.protocol.Welcome;
import io.tickforge.shared.schema.InputSchema;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The client's own check of the Welcome's schema hashes (a server that did not check the Hello's). */
class SchemaWelcomeCheckTest {
    @Test
    void aWelcomeOfOtherSchemasIsAnErrorNamingBothSides() {
        Welcome arena = new Welcome(0, 1, 60, 0, 1, null, null, 1200)
                .withSchemas(ArenaSchemas.ENTITY.hash(), ArenaSchemas.INPUT.hash());
        assertNull(ClientConnection.schemaMismatch(arena, ArenaSchemas.ENTITY, ArenaSchemas.INPUT));

        InputSchema narrow = InputSchema.builder("narrow")
                .sint("moveX", -1, 1).sint("moveY", -1, 1).angle("aim", 16).flags("buttons", "use").build();
        assertEquals("schema mismatch: the server's game speaks entity schema " + ArenaSchemas.ENTITY.hashHex()
                        + " and input schema " + ArenaSchemas.INPUT.hashHex() + "; this client was built for entity arena#"
                        + ArenaSchemas.ENTITY.hashHex() + " and input narrow#" + narrow.hashHex(),
                ClientConnection.schemaMismatch(arena, ArenaSchemas.ENTITY, narrow));
        Welcome old = new Welcome(0, 1, 60, 0, 1, null, null, 1200); // no hashes: 0000000000000000
        assertEquals("schema mismatch: the server's game speaks entity schema 0000000000000000 and input schema "
                        + "0000000000000000; this client was built for entity arena#" + ArenaSchemas.ENTITY.hashHex()
                        + " and input arena#" + ArenaSchemas.INPUT.hashHex(),
                ClientConnection.schemaMismatch(old, ArenaSchemas.ENTITY, ArenaSchemas.INPUT));
    }
}
