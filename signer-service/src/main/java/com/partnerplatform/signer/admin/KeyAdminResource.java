package com.partnerplatform.signer.admin;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.partnerplatform.runtime.problem.ProblemException;
import com.partnerplatform.signer.SignerConfig;
import com.partnerplatform.signer.keys.KeyRing;
import com.partnerplatform.signer.keys.KeyView;
import com.partnerplatform.signer.keys.RotationInProgressException;
import com.partnerplatform.signer.keys.RotationResult;
import com.partnerplatform.ycmt.signatures.SigningException;

import io.smallrye.common.annotation.Blocking;

/** Operator endpoints for the signing keys: list them (public facts only) and rotate. */
@Path("/admin/keys")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class KeyAdminResource {

    private static final Logger LOG = Logger.getLogger(KeyAdminResource.class);

    private final KeyRing ring;
    private final AdminToken token;

    public KeyAdminResource(KeyRing ring, SignerConfig config) {
        this.ring = ring;
        this.token = AdminToken.of(config.admin().token());
    }

    @GET
    public List<KeyView> keys(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        token.require(authorization);
        return ring.view();
    }

    /**
     * Normal: a new key is published PENDING and signs after the propagation delay. Emergency: the
     * new key signs at once and the previous ACTIVE/PENDING keys are tombstoned and destroyed.
     */
    @POST
    @Path("/rotate")
    public Response rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @QueryParam("emergency") boolean emergency) {
        token.require(authorization);
        try {
            RotationResult result = ring.rotate(emergency);
            LOG.infof("admin rotation (emergency=%s): new key %s", emergency, result.kid());
            return Response.accepted(result).build();
        } catch (RotationInProgressException e) {
            throw new ProblemException(409, "rotation.inProgress", "Conflict", e.getMessage());
        } catch (SigningException e) {
            throw ProblemException.unavailable("custody.unavailable", "the key custody could not create a key", 30);
        }
    }
}
