package com.partnerplatform.deploy.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Structural rules for docker-compose.yml, independent of any compose binary: pinned images, health checks,
 * health-gated start order, dev-only secrets, loopback-only ports, hardened service containers.
 */
public final class ComposeChecker {

    /** ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}. */
    private static final Pattern INTERPOLATION = Pattern.compile("^\\$\\{([A-Z0-9_]+)(?:(:?[-?])(.*))?}$");

    private ComposeChecker() {
    }

    public static List<Violation> check(JsonNode compose, Path baseDir) {
        List<Violation> v = new ArrayList<>();
        JsonNode services = compose.path("services");
        var names = services.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode s = services.get(name);
            String id = "service " + name;
            boolean oneShot = "no".equals(s.path("restart").asText(null));

            if (!s.has("image")) {
                v.add(new Violation("image.pinned", id, "no image name (built images are tagged too)"));
            } else {
                PolicyChecker.checkImage(s.get("image").asText(), id, v);
            }
            if (s.has("build")) {
                Path context = baseDir.resolve(s.path("build").path("context").asText("."));
                Path dockerfile = context.resolve(s.path("build").path("dockerfile").asText("Dockerfile"));
                if (!Files.isRegularFile(dockerfile)) {
                    v.add(new Violation("build.dockerfile", id, "no Dockerfile at " + dockerfile));
                }
            }
            if (!oneShot && !s.has("healthcheck") && s.path("x-healthcheck-exempt").asText("").isBlank()) {
                v.add(new Violation("healthcheck", id, "long-running service without a healthcheck (or a stated exemption)"));
            }
            JsonNode deps = s.path("depends_on");
            if (deps.isArray()) {
                v.add(new Violation("depends_on.condition", id, "depends_on as a list waits for nothing"));
            }
            deps.fields().forEachRemaining(e -> {
                JsonNode target = services.path(e.getKey());
                String condition = e.getValue().path("condition").asText("");
                String expected = target.isMissingNode() ? "?"
                        : "no".equals(target.path("restart").asText(null)) ? "service_completed_successfully"
                        : target.has("healthcheck") ? "service_healthy" : "service_started";
                if (target.isMissingNode()) {
                    v.add(new Violation("depends_on.unknown", id, "depends on unknown service " + e.getKey()));
                } else if (!expected.equals(condition)) {
                    v.add(new Violation("depends_on.condition", id, e.getKey() + ": condition " + condition
                            + ", expected " + expected));
                }
            });
            s.path("environment").fields().forEachRemaining(e -> {
                if (SecretNames.isSecret(e.getKey()) && !devOnly(e.getValue().asText())) {
                    v.add(new Violation("secret.literal", id, e.getKey()
                            + " must be ${VAR:?...} or ${VAR:-<dev-only default>}"));
                }
            });
            for (JsonNode port : s.path("ports")) {
                if (!port.asText().startsWith("127.0.0.1:")) {
                    v.add(new Violation("ports.loopback", id, "port " + port.asText() + " is published on every interface"));
                }
            }
            if (s.has("build")) {
                if (!s.path("read_only").asBoolean(false)) {
                    v.add(new Violation("security.readOnly", id, "root filesystem is writable"));
                }
                String user = s.path("user").asText("");
                if (user.isEmpty() || user.equals("0") || user.equals("root")) {
                    v.add(new Violation("security.user", id, "runs as root"));
                }
                if (!s.path("cap_drop").toString().contains("ALL")) {
                    v.add(new Violation("security.capabilities", id, "capabilities not dropped"));
                }
            }
        }
        return v;
    }

    /** A secret value is acceptable only as an interpolation whose fallback is visibly a development value. */
    static boolean devOnly(String value) {
        Matcher m = INTERPOLATION.matcher(value);
        if (!m.matches()) {
            return false;
        }
        String operator = m.group(2);
        String fallback = m.group(3);
        if (operator == null || operator.endsWith("?")) {
            return true;
        }
        if (fallback.startsWith("whsec_")) {
            try {
                fallback = new String(Base64.getDecoder().decode(fallback.substring(6)), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return fallback.contains("dev-only");
    }

    /** The environment of a service as a map (compose allows a list of NAME=value too). */
    public static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            e.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        } else {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
        }
        return env;
    }
}
