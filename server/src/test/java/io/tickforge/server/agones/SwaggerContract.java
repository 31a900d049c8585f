package io.tickforge.server.agones;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Agones SDK REST API as published in its OpenAPI 2.0 files (test resources under agones/):
 * says whether a request's method, path and JSON body are ones the schema defines. Covers what
 * those files use: path parameters, one body parameter, $ref, object/array/string/integer/boolean,
 * int64-as-string, required, additionalProperties.
 */
final class SwaggerContract {
    private record Operation(String method, String template, Pattern path, JsonNode bodySchema, JsonNode document) {
    }

    private final List<Operation> operations = new ArrayList<>();

    SwaggerContract(String... resources) throws IOException {
        ObjectMapper json = new ObjectMapper();
        for (String resource : resources) {
            JsonNode doc;
            try (InputStream in = SwaggerContract.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("missing test resource " + resource);
                }
                doc = json.readTree(in);
            }
            Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> path = paths.next();
                Pattern pattern = Pattern.compile(toRegex(path.getKey()));
                Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
                while (methods.hasNext()) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    JsonNode body = null;
                    for (JsonNode parameter : method.getValue().path("parameters")) {
                        if ("body".equals(parameter.path("in").asText())) {
                            body = parameter.get("schema");
                        }
                    }
                    operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), pattern, body, doc));
                }
            }
        }
    }

    /** Number of operations read from the schema files. */
    int size() {
        return operations.size();
    }

    /**
     * Null when the schema defines this request, else what is wrong. {@code body} is the raw
     * request body ("" when none); {@code contentType} may be null.
     */
    String violation(String method, String path, String contentType, String body) {
        Operation op = null;
        boolean pathKnown = false;
        for (Operation candidate : operations) {
            if (candidate.path().matcher(path).matches()) {
                pathKnown = true;
                if (candidate.method().equals(method)) {
                    op = candidate;
                    break;
                }
            }
        }
        if (op == null) {
            return pathKnown ? method + " not defined for " + path : "no operation for path " + path;
        }
        if (op.bodySchema() == null) {
            return body.isEmpty() ? null : method + " " + op.template() + " takes no body, got: " + body;
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            return method + " " + op.template() + ": Content-Type must be application/json, was " + contentType;
        }
        final JsonNode value;
        try {
            value = new ObjectMapper().readTree(body);
        } catch (IOException e) {
            return method + " " + op.template() + ": body is not JSON: " + body;
        }
        if (value == null || value.isMissingNode()) {
            return method + " " + op.template() + ": body required";
        }
        return check(op.document(), op.bodySchema(), value, method + " " + op.template() + " body");
    }

    private static String check(JsonNode doc, JsonNode schema, JsonNode value, String where) {
        schema = resolve(doc, schema);
        String type = schema.path("type").asText("object");
        switch (type) {
            case "object" -> {
                if (!value.isObject()) {
                    return where + " must be an object: " + value;
                }
                JsonNode properties = schema.path("properties");
                for (JsonNode required : schema.path("required")) {
                    if (properties.has(required.asText()) && !value.has(required.asText())) {
                        return where + " lacks required '" + required.asText() + "'";
                    }
                }
                Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    JsonNode propertySchema = properties.get(field.getKey());
                    if (propertySchema == null) {
                        JsonNode additional = schema.get("additionalProperties");
                        if (additional == null || !additional.isObject()) {
                            return where + " has unknown field '" + field.getKey() + "'";
                        }
                        propertySchema = additional;
                    }
                    String problem = check(doc, propertySchema, field.getValue(), where + "." + field.getKey());
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            case "array" -> {
                if (!value.isArray()) {
                    return where + " must be an array: " + value;
                }
                for (JsonNode item : value) {
                    String problem = check(doc, schema.path("items"), item, where + "[]");
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }
            case "string" -> {
                if (!value.isTextual()) {
                    return where + " must be a string (int64 travels as a string): " + value;
                }
                if ("int64".equals(schema.path("format").asText()) && !value.asText().matches("-?\\d+")) {
                    return where + " must be an int64 in a string: " + value;
                }
                return null;
            }
            case "integer" -> {
                return value.isIntegralNumber() ? null : where + " must be an integer: " + value;
            }
            case "boolean" -> {
                return value.isBoolean() ? null : where + " must be a boolean: " + value;
            }
            default -> {
                return where + ": schema type " + type + " not handled by this checker";
            }
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/definitions/")) {
                throw new IllegalArgumentException("unsupported $ref " + ref);
            }
            schema = doc.path("definitions").path(ref.substring("#/definitions/".length()));
            if (schema.isMissingNode()) {
                throw new IllegalArgumentException("dangling $ref " + ref);
            }
        }
        return schema;
    }

    private static String toRegex(String template) {
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(i)));
                break;
            }
            regex.append(Pattern.quote(template.substring(i, open)));
            int close = template.indexOf('}', open);
            regex.append("[^/:]+");
            i = close + 1;
        }
        return regex.toString();
    }
}
