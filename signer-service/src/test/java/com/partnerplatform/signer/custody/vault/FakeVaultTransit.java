package com.partnerplatform.signer.custody.vault;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A faithful fake of Vault's transit secrets engine HTTP API (api-docs/secret/transit), for the
 * calls the signer makes, signing with real RSA keys:
 * <ul>
 * <li>{@code POST /v1/transit/keys/:name} create (type rsa-2048|rsa-3072|rsa-4096, exportable);
 * an existing key is left unchanged</li>
 * <li>{@code GET /v1/transit/keys/:name} read: {@code keys} map by version with
 * {@code public_key} PEM and {@code creation_time}, {@code latest_version},
 * {@code min_decryption_version}, {@code min_encryption_version}, ...; 404 {@code {"errors":[]}}</li>
 * <li>{@code POST /v1/transit/keys/:name/rotate}, {@code POST /v1/transit/keys/:name/config}</li>
 * <li>{@code POST /v1/transit/sign/:name(/:hash_algorithm)} with {@code input} or
 * {@code batch_input}, {@code key_version}, {@code hash_algorithm} (default sha2-256),
 * {@code signature_algorithm} (default <b>pss</b>, as in Vault), answering
 * {@code vault:vN:<standard base64>}</li>
 * </ul>
 * Responses use Vault's envelope ({@code request_id}, {@code data}, ...); errors are
 * {@code {"errors":[...]}}; a missing or wrong {@code X-Vault-Token} answers 403
 * {@code {"errors":["permission denied"]}}. {@link #failNext} injects 5xx answers.
 */
public final class FakeVaultTransit implements AutoCloseable {

    /** One recorded request: method, path (without /v1/transit/), parsed body. */
    public record Call(String method, String path, JsonNode body) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern KEY = Pattern.compile("/v1/transit/keys/([A-Za-z0-9._-]+)(/rotate|/config)?");
    private static final Pattern SIGN = Pattern.compile("/v1/transit/sign/([A-Za-z0-9._-]+)(?:/([a-z0-9-]+))?");

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final Map<String, TransitKey> keys = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger faults = new AtomicInteger();
    private volatile int faultStatus = 500;

    private static final class TransitKey {
        final String type;
        final boolean exportable;
        final TreeMap<Integer, KeyPair> versions = new TreeMap<>();
        final Map<Integer, Instant> created = new ConcurrentHashMap<>();
        int minDecryptionVersion = 1;
        int minEncryptionVersion = 0;

        TransitKey(String type, boolean exportable) {
            this.type = type;
            this.exportable = exportable;
        }

        int bits() {
            return Integer.parseInt(type.substring("rsa-".length()));
        }

        synchronized int rotate() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits());
            int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
            versions.put(version, generator.generateKeyPair());
            created.put(version, Instant.now());
            return version;
        }
    }

    static {
        // Vault (Go's net/http) sets TCP_NODELAY on every connection; the JDK server does not unless
        // told to, and then writes the response headers and body in two segments: Nagle's algorithm
        // plus the client's delayed ACK would add ~40 ms to every call, which no real Vault does.
        // Read once, when the JDK's HTTP server is first used.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public FakeVaultTransit(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next {@code count} requests (any path) answer {@code status} with Vault's error body. */
    public void failNext(int count, int status) {
        faultStatus = status;
        faults.set(count);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clearCalls() {
        calls.clear();
    }

    /** The key pair of a version, to prove signatures and public keys independently. */
    public KeyPair keyPair(String name, int version) {
        return keys.get(name).versions.get(version);
    }

    public int minEncryptionVersion(String name) {
        return keys.get(name).minEncryptionVersion;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            JsonNode body = readBody(exchange.getRequestBody());
            calls.add(new Call(method, path.replaceFirst("^/v1/transit/", ""), body));
            if (!token.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
                send(exchange, 403, errors("permission denied"));
                return;
            }
            if (faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, faultStatus, errors("1 error occurred:\n\t* injected fault\n\n"));
                return;
            }
            Matcher key = KEY.matcher(path);
            Matcher sign = SIGN.matcher(path);
            if (key.matches()) {
                handleKey(exchange, method, key.group(1), key.group(2), body);
            } else if (sign.matches() && method.equals("POST")) {
                handleSign(exchange, sign.group(1), sign.group(2), body);
            } else {
                send(exchange, 404, errors());
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            send(exchange, 500, errors("1 error occurred:\n\t* " + e.getClass().getSimpleName() + "\n\n"));
        }
    }

    private void handleKey(HttpExchange exchange, String method, String name, String action, JsonNode body)
            throws IOException, GeneralSecurityException {
        TransitKey key = keys.get(name);
        if (action == null && method.equals("POST")) {
            if (key == null) {
                String type = body.path("type").asText("aes256-gcm96");
                if (!type.matches("rsa-(2048|3072|4096)")) {
                    send(exchange, 400, errors("this fake supports rsa-2048, rsa-3072 and rsa-4096 keys only, not " + type));
                    return;
                }
                key = new TransitKey(type, body.path("exportable").asBoolean(false));
                key.rotate();
                keys.put(name, key);
            }
            send(exchange, 200, envelope(keyData(name, key)));
        } else if (action == null && method.equals("GET")) {
            if (key == null) {
                send(exchange, 404, errors());
            } else {
                send(exchange, 200, envelope(keyData(name, key)));
            }
        } else if ("/rotate".equals(action) && method.equals("POST")) {
            if (key == null) {
                send(exchange, 400, errors("key not found"));
                return;
            }
            key.rotate();
            send(exchange, 200, envelope(keyData(name, key)));
        } else if ("/config".equals(action) && method.equals("POST")) {
            if (key == null) {
                send(exchange, 400, errors("no existing key named " + name + " could be found"));
                return;
            }
            synchronized (key) {
                if (body.has("min_encryption_version")) {
                    int min = body.get("min_encryption_version").asInt();
                    if (min != 0 && (min < key.minDecryptionVersion || min > key.versions.lastKey())) {
                        send(exchange, 400, errors("cannot set min encryption version of " + min
                                + ", it must be 0 or between min decryption version and latest version"));
                        return;
                    }
                    key.minEncryptionVersion = min;
                }
            }
            send(exchange, 200, envelope(keyData(name, key)));
        } else {
            send(exchange, 405, errors("1 error occurred:\n\t* unsupported operation\n\n"));
        }
    }

    private void handleSign(HttpExchange exchange, String name, String urlHash, JsonNode body)
            throws IOException, GeneralSecurityException {
        TransitKey key = keys.get(name);
        if (key == null) {
            send(exchange, 400, errors("signing key not found"));
            return;
        }
        String hash = urlHash != null ? urlHash : body.path("hash_algorithm").asText("sha2-256");
        String algorithm = body.path("signature_algorithm").asText("pss");
        if (!hash.equals("sha2-256")) {
            send(exchange, 400, errors("this fake supports hash_algorithm sha2-256 only"));
            return;
        }
        if (!algorithm.equals("pss") && !algorithm.equals("pkcs1v15")) {
            send(exchange, 400, errors("unsupported rsa signature algorithm " + algorithm));
            return;
        }
        int version;
        KeyPair pair;
        synchronized (key) {
            int requested = body.path("key_version").asInt(0);
            version = requested == 0 ? key.versions.lastKey() : requested;
            if (requested != 0 && key.minEncryptionVersion > 0 && requested < key.minEncryptionVersion) {
                send(exchange, 400, errors("cannot sign with a key version lower than min_encryption_version"));
                return;
            }
            if (version > key.versions.lastKey()) {
                send(exchange, 400, errors("cannot sign with a key version higher than latest version"));
                return;
            }
            pair = key.versions.get(version);
        }
        ObjectNode data = MAPPER.createObjectNode();
        if (body.has("batch_input")) {
            ArrayNode results = data.putArray("batch_results");
            for (JsonNode item : body.get("batch_input")) {
                ObjectNode result = results.addObject();
                try {
                    result.put("signature", sign(pair, algorithm, Base64.getDecoder().decode(item.path("input").asText()), version));
                    result.put("key_version", version);
                } catch (IllegalArgumentException e) {
                    result.put("error", "unable to decode input as base64: illegal base64 data");
                }
            }
        } else {
            byte[] input;
            try {
                input = Base64.getDecoder().decode(body.path("input").asText(""));
            } catch (IllegalArgumentException e) {
                send(exchange, 400, errors("unable to decode input as base64: illegal base64 data"));
                return;
            }
            data.put("signature", sign(pair, algorithm, input, version));
            data.put("key_version", version);
        }
        send(exchange, 200, envelope(data));
    }

    private static String sign(KeyPair pair, String algorithm, byte[] input, int version) throws GeneralSecurityException {
        Signature signature;
        if (algorithm.equals("pkcs1v15")) {
            signature = Signature.getInstance("SHA256withRSA");
        } else {
            // Vault signs PSS with the maximum salt length (Go's rsa.PSSSaltLengthAuto)
            int saltLength = (((java.security.interfaces.RSAPublicKey) pair.getPublic()).getModulus().bitLength() + 7) / 8 - 32 - 2;
            signature = Signature.getInstance("RSASSA-PSS");
            signature.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1));
        }
        signature.initSign(pair.getPrivate());
        signature.update(input);
        return "vault:v" + version + ":" + Base64.getEncoder().encodeToString(signature.sign());
    }

    private ObjectNode keyData(String name, TransitKey key) {
        ObjectNode data = MAPPER.createObjectNode();
        synchronized (key) {
            data.put("allow_plaintext_backup", false);
            data.put("auto_rotate_period", 0);
            data.put("deletion_allowed", false);
            data.put("derived", false);
            data.put("exportable", key.exportable);
            data.put("imported_key", false);
            ObjectNode versions = data.putObject("keys");
            key.versions.forEach((version, pair) -> {
                ObjectNode v = versions.putObject(String.valueOf(version));
                v.put("certificate_chain", "");
                v.put("creation_time", key.created.get(version).toString());
                v.put("name", key.type);
                v.put("public_key", pem(pair));
            });
            data.put("latest_version", key.versions.lastKey());
            data.put("min_available_version", 0);
            data.put("min_decryption_version", key.minDecryptionVersion);
            data.put("min_encryption_version", key.minEncryptionVersion);
            data.put("name", name);
            data.put("supports_decryption", true);
            data.put("supports_derivation", false);
            data.put("supports_encryption", true);
            data.put("supports_signing", true);
            data.put("type", key.type);
        }
        return data;
    }

    private static String pem(KeyPair pair) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + base64 + "\n-----END PUBLIC KEY-----\n";
    }

    private static ObjectNode envelope(ObjectNode data) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("request_id", UUID.randomUUID().toString());
        root.put("lease_id", "");
        root.put("renewable", false);
        root.put("lease_duration", 0);
        root.set("data", data);
        root.putNull("wrap_info");
        root.putNull("warnings");
        root.putNull("auth");
        root.put("mount_type", "transit");
        return root;
    }

    private static ObjectNode errors(String... messages) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode errors = root.putArray("errors");
        for (String message : messages) {
            errors.add(message);
        }
        return root;
    }

    private static JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(bytes);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
