package io.tickforge.server.agones;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of Agones' {@code sdk.GameServer} we read: {@code status.state} and the object's
 * labels and annotations. Immutable.
 */
public record GameServerInfo(String name, String state, Map<String, String> labels, Map<String, String> annotations) {
    public static final String STATE_READY = "Ready";
    public static final String STATE_ALLOCATED = "Allocated";
    public static final String STATE_SHUTDOWN = "Shutdown";

    public GameServerInfo {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public boolean isAllocated() {
        return STATE_ALLOCATED.equals(state);
    }

    /** From the JSON of an {@code sdkGameServer} (snake_case fields, as the REST gateway sends them). */
    static GameServerInfo parse(JsonNode gameServer) {
        JsonNode meta = gameServer.path("object_meta");
        return new GameServerInfo(meta.path("name").asText(""), gameServer.path("status").path("state").asText(""),
                strings(meta.path("labels")), strings(meta.path("annotations")));
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> e = fields.next();
            map.put(e.getKey(), e.getValue().asText());
        }
        return map;
    }
}
