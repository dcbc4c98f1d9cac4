package com.partnerplatform.webhook.intake;

/**
 * How a delivery was answered.
 *
 * @param outcome what happened, also the metric tag
 * @param status the HTTP status
 * @param code the problem code for non-2xx answers
 * @param detail a safe explanation for non-2xx answers
 * @param deliveryId the delivery id when known and well formed
 */
public record IntakeResult(Outcome outcome, int status, String code, String detail, String deliveryId) {

    public enum Outcome {
        /** published and recorded: 200 */
        ACCEPTED,
        /** an already accepted id: 200, nothing published */
        DUPLICATE,
        /** verification failed: 400 or 401, quarantined */
        REFUSED,
        /** authentic but unreadable body: 400, quarantined */
        UNPROCESSABLE,
        /** a known id with a different body: 409, quarantined, nothing published */
        CONFLICT,
        /** Kafka or PostgreSQL did not confirm in time: 503, nothing recorded as accepted */
        UNAVAILABLE;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static IntakeResult accepted(String deliveryId) {
        return new IntakeResult(Outcome.ACCEPTED, 200, null, null, deliveryId);
    }

    static IntakeResult duplicate(String deliveryId) {
        return new IntakeResult(Outcome.DUPLICATE, 200, null, null, deliveryId);
    }

    public boolean successful() {
        return status >= 200 && status < 300;
    }
}
