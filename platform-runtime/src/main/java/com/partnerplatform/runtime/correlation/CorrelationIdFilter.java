package com.partnerplatform.runtime.correlation;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Takes or generates the correlation id of every HTTP request and echoes it on the response. */
public class CorrelationIdFilter {

    static final String PROPERTY = CorrelationIdFilter.class.getName();

    @ServerRequestFilter(preMatching = true)
    public void takeOrGenerate(ContainerRequestContext request) {
        String correlationId = CorrelationId.acceptOrGenerate(request.getHeaderString(CorrelationId.HEADER));
        request.setProperty(PROPERTY, correlationId);
        CorrelationId.bind(correlationId);
    }

    @ServerResponseFilter
    public void echo(ContainerRequestContext request, ContainerResponseContext response) {
        Object correlationId = request.getProperty(PROPERTY);
        if (correlationId != null) {
            response.getHeaders().putSingle(CorrelationId.HEADER, correlationId.toString());
        }
    }
}
