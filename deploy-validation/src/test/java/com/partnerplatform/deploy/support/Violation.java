package com.partnerplatform.deploy.support;

/** One broken rule: which rule, on which resource (and container), and why. */
public record Violation(String rule, String resource, String detail) {

    @Override
    public String toString() {
        return rule + " @ " + resource + ": " + detail;
    }
}
