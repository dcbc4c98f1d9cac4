package com.partnerplatform.webhook.minimisation;

/** An authentic delivery whose body is not an event this intake can read. The message never quotes the body. */
public class UnprocessableEvent extends Exception {

    public UnprocessableEvent(String detail) {
        super(detail, null, false, false);
    }
}
