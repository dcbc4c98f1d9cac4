package com.partnerplatform.quote.jwks;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.partnerplatform.quote.quote.QuoteConfig;

/**
 * The partner JWKS YCMT fetches to verify signed quotes (quote spec s.15). Cacheable for
 * {@code quote.jwks.max-age}; the strong ETag is the SHA-256 of the exact body, so a conditional
 * GET answers 304 until a key is added, changes state in a way that changes the set, or is removed.
 */
@Path("/.well-known/jwks.json")
@Tag(name = "jwks", description = "Public signing keys")
public class JwksResource {

    static final String MEDIA_TYPE = "application/jwk-set+json";

    private final PublicKeyRegistry registry;
    private final String cacheControl;

    public JwksResource(PublicKeyRegistry registry, QuoteConfig config) {
        this.registry = registry;
        this.cacheControl = "public, max-age=" + config.jwks().maxAge().toSeconds();
    }

    @GET
    @Produces({MEDIA_TYPE, "application/json"})
    @Operation(summary = "Public quote-signing keys (kty, kid, use, alg, n, e only)")
    @APIResponse(responseCode = "200", description = "The key set")
    @APIResponse(responseCode = "304", description = "Unchanged since the ETag given in If-None-Match")
    public Response jwks(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        PublicKeyRegistry.Snapshot snapshot = registry.snapshot();
        if (matches(ifNoneMatch, snapshot.etag())) {
            return Response.notModified().tag(new jakarta.ws.rs.core.EntityTag(unquote(snapshot.etag())))
                    .header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
        }
        return Response.ok(snapshot.body(), MEDIA_TYPE)
                .header(HttpHeaders.ETAG, snapshot.etag())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl)
                .build();
    }

    /** RFC 9110 s.13.1.2: "*" or any listed tag, compared weakly (a W/ prefix is ignored). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.equals("*")) {
                return true;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private static String unquote(String etag) {
        return etag.substring(1, etag.length() - 1);
    }
}
