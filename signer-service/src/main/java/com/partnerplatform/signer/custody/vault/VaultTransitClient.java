package com.partnerplatform.signer.custody.vault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few calls of Vault's transit HTTP API the signer needs (API docs, "Transit secrets engine"):
 * create, read, rotate and configure a key, and sign with {@code batch_input}. Every sign call
 * names {@code signature_algorithm=pkcs1v15} and {@code hash_algorithm=sha2-256} explicitly,
 * because Vault's default for RSA keys is PSS, which is not RS256.
 *
 * <p>The token is sent in {@code X-Vault-Token} and never logged or put into an exception.
 */
public final class VaultTransitClient {

    /** One key version as read from {@code GET /transit/keys/:name}. */
    public record KeyVersion(int version, String publicKeyPem, Instant createdAt) {
    }

    /** The parts of the read-key response the signer uses. */
    public record KeyInfo(String name, String type, int latestVersion, int minEncryptionVersion,
            boolean supportsSigning, Map<Integer, KeyVersion> versions) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String mount;
    private final Duration timeout;
    private final Supplier<String> token;

    /**
     * @param vaultUrl e.g. https://vault:8200
     * @param mount the transit mount path, e.g. transit
     * @param token supplies the current token (re-read after a 403 if it comes from a file)
     */
    public VaultTransitClient(URI vaultUrl, String mount, Duration timeout, Supplier<String> token) {
        String url = vaultUrl.toString();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.mount = mount.replaceAll("^/+|/+$", "");
        this.timeout = timeout;
        this.token = token;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A token supplier reading {@code file} on each call, else the fixed token. */
    public static Supplier<String> tokenSource(Optional<String> token, Optional<Path> file) {
        if (file.isPresent()) {
            Path path = file.get();
            return () -> {
                try {
                    return Files.readString(path).trim();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the Vault token file " + path);
                }
            };
        }
        String fixed = token.orElseThrow(() -> new IllegalStateException(
                "signer.vault.token or signer.vault.token-file is required for signer.custody=vault-transit"));
        return () -> fixed;
    }

    /** {@code GET /v1/:mount/keys/:name}; empty when the key does not exist. */
    public Optional<KeyInfo> readKey(String name) throws VaultException {
        Response response = call("GET", "keys/" + name, null, "read key " + name, true);
        if (response.status == 404) {
            return Optional.empty();
        }
        return Optional.of(keyInfo(response.body.path("data")));
    }

    /** {@code POST /v1/:mount/keys/:name} with type and exportable=false. */
    public void createKey(String name, String type) throws VaultException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("type", type);
        body.put("exportable", false);
        body.put("allow_plaintext_backup", false);
        call("POST", "keys/" + name, body, "create key " + name, false);
    }

    /** {@code POST /v1/:mount/keys/:name/rotate}. */
    public void rotateKey(String name) throws VaultException {
        call("POST", "keys/" + name + "/rotate", null, "rotate key " + name, false);
    }

    /** {@code POST /v1/:mount/keys/:name/config} setting min_encryption_version (which also bounds signing). */
    public void setMinEncryptionVersion(String name, int version) throws VaultException {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("min_encryption_version", version);
        call("POST", "keys/" + name + "/config", body, "configure key " + name, false);
    }

    /**
     * {@code POST /v1/:mount/sign/:name} with {@code batch_input} (inputs standard base64),
     * {@code key_version}, {@code signature_algorithm=pkcs1v15}, {@code hash_algorithm=sha2-256}.
     *
     * @return the {@code vault:vN:<base64>} signature strings, in input order
     */
    public List<String> signPkcs1Sha256(String name, int keyVersion, List<byte[]> inputs) throws VaultException {
        ObjectNode body = MAPPER.createObjectNode();
        ArrayNode batch = body.putArray("batch_input");
        Base64.Encoder b64 = Base64.getEncoder();
        for (byte[] input : inputs) {
            batch.addObject().put("input", b64.encodeToString(input));
        }
        body.put("key_version", keyVersion);
        body.put("hash_algorithm", "sha2-256");
        body.put("signature_algorithm", "pkcs1v15");
        body.put("prehashed", false);
        Response response = call("POST", "sign/" + name, body, "sign with " + name, false);
        JsonNode results = response.body.path("data").path("batch_results");
        if (!results.isArray() || results.size() != inputs.size()) {
            throw new VaultException(response.status, "sign with " + name,
                    List.of("expected " + inputs.size() + " batch_results"));
        }
        List<String> signatures = new ArrayList<>(inputs.size());
        for (JsonNode result : results) {
            if (result.hasNonNull("error") && !result.path("error").asText().isEmpty()) {
                throw new VaultException(response.status, "sign with " + name, List.of(result.path("error").asText()));
            }
            signatures.add(result.path("signature").asText(""));
        }
        return signatures;
    }

    private KeyInfo keyInfo(JsonNode data) {
        Map<Integer, KeyVersion> versions = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.path("keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int version = Integer.parseInt(entry.getKey());
            JsonNode v = entry.getValue();
            Instant created = v.hasNonNull("creation_time") ? Instant.parse(v.get("creation_time").asText()) : Instant.EPOCH;
            versions.put(version, new KeyVersion(version, v.path("public_key").asText(null), created));
        }
        return new KeyInfo(data.path("name").asText(), data.path("type").asText(), data.path("latest_version").asInt(),
                data.path("min_encryption_version").asInt(), data.path("supports_signing").asBoolean(), versions);
    }

    private record Response(int status, JsonNode body) {
    }

    private Response call(String method, String path, JsonNode body, String operation, boolean allow404)
            throws VaultException {
        for (int attempt = 0; ; attempt++) {
            String used = Objects.requireNonNull(token.get());
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("v1/" + mount + "/" + path))
                    .timeout(timeout)
                    .header("X-Vault-Token", used)
                    .header("Accept", "application/json");
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(write(body)));
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw new VaultException(operation, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VaultException(operation, e);
            }
            int status = response.statusCode();
            JsonNode json = parse(response.body());
            if (status == 403 && attempt == 0 && !used.equals(token.get())) {
                continue; // the Vault agent renewed the token file since this request read it
            }
            if (status == 404 && allow404) {
                return new Response(status, json);
            }
            if (status < 200 || status > 299) {
                List<String> errors = new ArrayList<>();
                json.path("errors").forEach(e -> errors.add(e.asText()));
                throw new VaultException(status, operation, errors);
            }
            return new Response(status, json);
        }
    }

    private static byte[] write(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }
}
