package com.partnerplatform.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PortsTest {

    @Test
    void aPortIsNeverHandedOutTwiceInOneJvm() {
        // a few hundred draws from the kernel's ephemeral range repeat a port more often than not
        assertThat(IntStream.range(0, 500).map(i -> Ports.freePort()).boxed().toList()).doesNotHaveDuplicates();
    }
}
