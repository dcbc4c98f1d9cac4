package com.partnerplatform.quote.quote;

import java.net.URI;
import java.time.Clock;
import java.util.regex.Pattern;

import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.runtime.problem.Problem;
import com.partnerplatform.runtime.problem.ProblemException;

import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * Signed quotes for the partner app. The customer's bearer token must carry the subscription the
 * quote is for (quote binding, spec s.16), every POST carries an Idempotency-Key, and every error is
 * problem+json with a spec code where the spec has one.
 */
@Path("/v1/quotes")
@Authenticated
@Tag(name = "quotes", description = "Signed quote commitments (quote_signature_v1)")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityRequirement(name = "bearer")
public class QuoteResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final QuoteService service;
    private final QuoteConfig config;
    private final JsonWebToken token;
    private final Clock clock;

    public QuoteResource(QuoteService service, QuoteConfig config, JsonWebToken token, Clock clock) {
        this.service = service;
        this.config = config;
        this.token = token;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Price, allocate, sign and return a quote",
            description = "Retrying with the same Idempotency-Key and body returns the same quote (same quoteId, "
                    + "partnerQuoteSeq and JWS) with Idempotent-Replayed: true.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QuoteRequest.class)))
    @Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, required = true,
            description = "1 to 128 visible ASCII characters, unique per intended quote")
    @APIResponse(responseCode = "201", description = "Signed quote", content = @Content(schema = @Schema(implementation = QuoteView.class)))
    @APIResponse(responseCode = "400", description = "request.malformed, request.invalid, idempotency.keyMissing", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "401", description = "auth.unauthorized", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "403", description = "quote.bindingMismatch", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "409", description = "idempotency.inProgress (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "410", description = "quote.expired (replay of an expired quote)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "422", description = "quote.envelopeBreach, quote.unknownCorridor, quote.currencyMismatch, "
            + "idempotency.keyReused, or a signer rejection code such as quote.invalid", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "502", description = "quote.signatureInvalid (signer output failed local verification)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "503", description = "signer.unavailable or quote.rateUnavailable (Retry-After)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<Response> create(@HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, String body) {
        String correlationId = CorrelationId.current();
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw ProblemException.badRequest("idempotency.keyMissing",
                    "the Idempotency-Key header is required on POST /v1/quotes");
        }
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("idempotency.keyInvalid",
                    "the Idempotency-Key header must be 1 to 128 visible ASCII characters");
        }
        QuoteRequest.Valid request = QuoteRequest.parse(body);
        requireBinding(request.subscriptionId());
        return service.create(request, idempotencyKey, correlationId).map(issued -> {
            Response.ResponseBuilder response = Response.created(URI.create("/v1/quotes/" + issued.quote().quoteId()))
                    .entity(QuoteView.of(issued.quote(), issued.claims(), clock.instant()));
            if (issued.replayed()) {
                response.header("Idempotent-Replayed", "true");
            }
            return response.build();
        });
    }

    @GET
    @Path("/{quoteId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A quote of the token's subscription; an expired quote shows status EXPIRED and no JWS")
    @APIResponse(responseCode = "200", description = "The quote", content = @Content(schema = @Schema(implementation = QuoteView.class)))
    @APIResponse(responseCode = "404", description = "quote.notFound (also for another subscription's quote)", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<QuoteView> get(@PathParam("quoteId") String quoteId) {
        return service.find(quoteId, subscriptionClaim()).map(quote -> QuoteView.of(quote, clock.instant()));
    }

    /** Quote binding (spec s.16): a token may only ask quotes for its own subscription. */
    private void requireBinding(String subscriptionId) {
        if (!subscriptionId.equals(subscriptionClaim())) {
            throw new ProblemException(403, "quote.bindingMismatch", "Forbidden",
                    "subscriptionId does not match the authenticated customer's subscription");
        }
    }

    private String subscriptionClaim() {
        Object claim = token.getClaim(config.auth().subscriptionClaim());
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String text ? text : "";
    }
}
