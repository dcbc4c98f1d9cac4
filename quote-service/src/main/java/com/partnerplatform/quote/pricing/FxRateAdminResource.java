package com.partnerplatform.quote.pricing;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.partnerplatform.events.pricing.FxRate;
import com.partnerplatform.quote.http.AdminAuth;
import com.partnerplatform.quote.http.JsonBody;
import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.runtime.problem.ProblemException;

import io.smallrye.mutiny.Uni;

/** Operator entry of market rates, for when the feed is late or a corridor has none. */
@Path("/admin/fx-rates")
@Tag(name = "admin", description = "Operator endpoints (bearer operator token)")
public class FxRateAdminResource {

    private static final Pattern PAIR = Pattern.compile("[A-Z]{3}/[A-Z]{3}");

    /** A rate as the table holds it, with its age for the operator. */
    public record RateView(String pair, String rate, String source, Instant asOf, long ageSeconds, boolean fresh) {
    }

    private final AdminAuth admin;
    private final FxRateFeed feed;
    private final FxRateTable table;
    private final PricingEngine engine;
    private final Clock clock;

    public FxRateAdminResource(AdminAuth admin, FxRateFeed feed, FxRateTable table, PricingEngine engine, Clock clock) {
        this.admin = admin;
        this.feed = feed;
        this.table = table;
        this.engine = engine;
        this.clock = clock;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish a market rate to every instance (via the compacted pricing.fx-rates topic)")
    public Uni<RateView> publish(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        admin.require(authorization);
        JsonBody json = JsonBody.parse(body, Set.of("pair", "rate", "source", "asOf"));
        String pair = json.text("pair", true, 7, PAIR, "must be BASE/QUOTE ISO 4217 codes, e.g. EUR/MAD");
        String rate = json.text("rate", true, 40, null, null);
        if (json.has("rate") && json.node().get("rate").isNumber()) {
            json.violation("rate", "must be a decimal string such as \"10.9596\", not a JSON number");
        }
        String source = json.has("source") ? json.text("source", false, 64, null, null) : "admin";
        String asOfText = json.text("asOf", false, 40, null, null);
        Instant asOf = clock.instant();
        if (asOfText != null) {
            try {
                asOf = Instant.parse(asOfText);
            } catch (DateTimeParseException e) {
                json.violation("asOf", "must be an RFC 3339 UTC time such as 2026-05-11T14:30:12Z");
            }
        }
        json.requireValid();
        FxRate fxRate = new FxRate(pair, rate, source, asOf);
        try {
            table.validate(fxRate);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "request.invalid", "Bad Request", e.getMessage());
        }
        return feed.publish(fxRate, CorrelationId.current())
                .invoke(() -> table.accept(fxRate))
                .map(ignored -> view(table.rate(pair).orElseThrow()))
                .onFailure(e -> !(e instanceof ProblemException))
                .transform(e -> ProblemException.unavailable("fx.publishFailed",
                        "the rate could not be published to the broker; retry", 5));
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The rates this instance holds, with their age")
    public List<RateView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.require(authorization);
        return table.all().stream().map(this::view).toList();
    }

    private RateView view(FxRateTable.MarketRate rate) {
        var age = rate.ageAt(clock.instant());
        return new RateView(rate.pair(), rate.rate().toPlainString(), rate.source(), rate.asOf(), age.toSeconds(),
                age.compareTo(engine.maxRateAge()) <= 0);
    }
}
