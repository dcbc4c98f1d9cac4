package com.partnerplatform.launcher;

import java.util.List;
import java.util.Map;

/**
 * What the platform shows once it is up: each step does what a partner engineer would do and
 * says what happened in plain words. A failed step fails {@code ./platform --check}.
 */
final class Demo {

    private final Layout layout;
    private final List<ServiceProcess> services;
    private final Map<String, String> secrets;

    Demo(Layout layout, List<ServiceProcess> services, Map<String, String> secrets) {
        this.layout = layout;
        this.services = services;
        this.secrets = secrets;
    }

    /** Extra environment the demo needs the services to have (demo upstreams, dev token keys). */
    static Map<String, String> environment(Layout layout) {
        return Map.of();
    }

    boolean run() {
        System.out.println("\nDemo:");
        boolean passed = true;
        for (ServiceProcess service : services) {
            boolean ready = service.readyStatus() == 200;
            System.out.println("  " + (ready ? "PASS" : "FAIL") + "  " + service.name + " reports ready at "
                    + service.url() + "/q/health/ready");
            passed &= ready;
        }
        return passed;
    }
}
