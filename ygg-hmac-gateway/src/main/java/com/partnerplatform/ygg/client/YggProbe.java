package com.partnerplatform.ygg.client;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Sends one request signed the way YGG Redeem signs it and checks the response signature: a smoke test for a
 * deployed gateway.
 *
 * <pre>
 * YGG_API_KEY=... YGG_SHARED_SECRET=... java -cp ... com.partnerplatform.ygg.client.YggProbe \
 *     --url http://localhost:8080 --path /api/v1/deduct-points-by-address \
 *     [--method POST] [--body '{"address":"0x123456","points":1000}' | --body-file body.json] [--query a=1] [--show-body]
 * </pre>
 * The key and secret come from the environment so they stay out of shell history and process listings;
 * neither they nor any signature are printed. Exit status: 0 for 200 with a valid response signature,
 * 1 for 200 without one, 3 for any other status (error responses carry no signature), 2 for usage or
 * transport errors.
 */
public final class YggProbe {

    static final int OK = 0;
    static final int BAD_SIGNATURE = 1;
    static final int USAGE_OR_TRANSPORT = 2;
    static final int NOT_200 = 3;

    private YggProbe() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--show-body")) {
                options.put(name, "true");
            } else if (name.startsWith("--") && i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                return usage(err, "unexpected argument: " + name);
            }
        }
        String url = options.get("--url");
        String path = options.get("--path");
        if (url == null || path == null) {
            return usage(err, "--url and --path are required");
        }
        String apiKey = env.get("YGG_API_KEY");
        String secret = env.get("YGG_SHARED_SECRET");
        if (apiKey == null || apiKey.isBlank() || secret == null || secret.isBlank()) {
            return usage(err, "set YGG_API_KEY and YGG_SHARED_SECRET in the environment");
        }
        try {
            String body = options.get("--body");
            if (options.containsKey("--body-file")) {
                body = Files.readString(Path.of(options.get("--body-file")), StandardCharsets.UTF_8);
            }
            String method = options.getOrDefault("--method", body == null ? "GET" : "POST");
            YggClient client = YggClient.create(apiKey, secret);
            YggClient.SignedRequest request = client.sign(method, path, body);
            String query = options.get("--query");
            URI uri = URI.create(stripTrailingSlash(url) + path + (query == null ? "" : "?" + query));
            HttpRequest.Builder http = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
            request.headers().forEach(http::header);
            if (body == null) {
                http.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                http.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(http.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            out.println("request " + method + " " + path + " " + YggClient.REQUEST_ID_HEADER + "=" + request.requestId());
            out.println("status " + response.statusCode());
            if (options.containsKey("--show-body")) {
                out.println("body " + response.body());
            }
            if (response.statusCode() != 200) {
                out.println("response signature not required for status " + response.statusCode());
                return NOT_200;
            }
            String signature = response.headers().firstValue(YggClient.SIGNATURE_HEADER).orElse(null);
            if (signature == null) {
                out.println("response signature MISSING");
                return BAD_SIGNATURE;
            }
            boolean valid = client.verifyResponse(request, response.body(), signature);
            out.println("response signature " + (valid ? "valid" : "INVALID"));
            return valid ? OK : BAD_SIGNATURE;
        } catch (IOException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return USAGE_OR_TRANSPORT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("interrupted");
            return USAGE_OR_TRANSPORT;
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("error: " + problem);
        err.println("usage: YggProbe --url <base-url> --path <path> [--method M] [--body JSON | --body-file F]"
                + " [--query Q] [--show-body]   (env: YGG_API_KEY, YGG_SHARED_SECRET)");
        return USAGE_OR_TRANSPORT;
    }
}
