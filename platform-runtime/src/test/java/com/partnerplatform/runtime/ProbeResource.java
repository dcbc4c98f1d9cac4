package com.partnerplatform.runtime;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.runtime.problem.Problem;
import com.partnerplatform.runtime.problem.ProblemException;

/** A tiny API that exercises the shared runtime in tests. */
@Path("/probe")
public class ProbeResource {

    private static final Logger LOG = Logger.getLogger(ProbeResource.class);

    public record Payload(String name, int count) {
    }

    @GET
    @Path("/correlation")
    public String correlation() {
        return CorrelationId.current();
    }

    @GET
    @Path("/expired")
    public String expired() {
        throw new ProblemException(410, "quote.expired", "Gone", "the quote expired; create a new one",
                List.of(new Problem.Violation("exp", "must be in the future")), Map.of());
    }

    @GET
    @Path("/busy")
    public String busy() {
        throw ProblemException.unavailable("signer.unavailable", "the signer did not answer in time", 2);
    }

    @GET
    @Path("/boom")
    public String boom(@QueryParam("secret") String secret) {
        LOG.infof("calling upstream with Authorization: Bearer %s", secret);
        throw new IllegalStateException("upstream refused password=" + secret);
    }

    @POST
    @Path("/json")
    @Consumes(MediaType.APPLICATION_JSON)
    public String json(Payload payload) {
        return payload.name();
    }
}
