package com.partnerplatform.quote.http;

import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.partnerplatform.runtime.correlation.CorrelationId;
import com.partnerplatform.runtime.problem.Problem;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Bearer token failures as problem+json (authentication is lazy, see
 * {@code quarkus.http.auth.proactive=false}, so they surface here rather than as a bare 401). The
 * detail never says why a token was refused: that would help an attacker and could echo claims.
 */
public class SecurityProblemMappers {

    private static final Logger LOG = Logger.getLogger(SecurityProblemMappers.class);

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return problem(403, "Forbidden", "auth.forbidden", "the token does not allow this operation", uri).build();
    }

    /**
     * smallrye-jwt reads the issuer's keys on first use: a missing or unreadable key location (e.g.
     * QUOTE_DEV_JWKS_FILE not provided) surfaces here, as a temporary refusal rather than a 500.
     */
    @ServerExceptionMapper
    public Response verificationUnavailable(DeploymentException e, UriInfo uri) {
        LOG.errorf("customer tokens cannot be verified: %s", e.getMessage());
        return problem(503, "Service Unavailable", "auth.unavailable",
                "customer tokens cannot be verified right now", uri).header("Retry-After", "30").build();
    }

    private static Response unauthorized(UriInfo uri) {
        return problem(401, "Unauthorized", "auth.unauthorized",
                "a valid bearer token from the configured issuer is required", uri)
                .header("WWW-Authenticate", "Bearer").build();
    }

    private static Response.ResponseBuilder problem(int status, String title, String code, String detail, UriInfo uri) {
        Problem problem = new Problem(Problem.TYPE_PREFIX + code, title, status, detail,
                uri == null ? null : uri.getPath(), code, CorrelationId.current(), null);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
