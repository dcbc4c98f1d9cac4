package com.partnerplatform.runtime.problem;

import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.partnerplatform.runtime.correlation.CorrelationId;

/**
 * Every error of every HTTP API as {@code application/problem+json}. Unexpected failures answer a
 * generic 500 and are logged (redacted) with the correlation id, so the caller learns nothing of
 * the internals and support can still find the cause.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = build(e.status(), e.title(), e.code(), e.getMessage(), uri,
                e.violations().isEmpty() ? null : e.violations());
        e.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return build(400, "Bad Request", "request.malformed", "the body is not valid JSON for this request" + where,
                uri, null).build();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return build(404, "Not Found", "request.notFound", "no such resource", uri, null).build();
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Response.ResponseBuilder response = build(405, "Method Not Allowed", "request.methodNotAllowed",
                "this method is not allowed here", uri, null);
        e.getResponse().getAllowedMethods().forEach(method -> response.header("Allow", method));
        return response.build();
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri) {
        return build(415, "Unsupported Media Type", "request.unsupportedMediaType",
                "the body must be application/json", uri, null).build();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json, uri);
            }
        }
        String reason = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return build(status, reason, "request.rejected", reason, uri, null).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri == null ? "?" : uri.getPath());
        return build(500, "Internal Server Error", "internal.error",
                "an unexpected error occurred; quote the correlation id to support", uri, null).build();
    }

    static Response.ResponseBuilder build(int status, String title, String code, String detail, UriInfo uri,
            java.util.List<Problem.Violation> violations) {
        Problem problem = new Problem(Problem.TYPE_PREFIX + code, title, status, detail,
                uri == null ? null : uri.getPath(), code, CorrelationId.current(), violations);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
