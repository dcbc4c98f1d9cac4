package com.partnerplatform.ygg.hmac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UuidV7Test {

    @Test
    void acceptsTheSpecExamples() {
        assertThat(UuidV7.isValid("01987d64-6519-747b-9200-beba98700464")).isTrue();
        assertThat(UuidV7.isValid("01870603-f211-7b9a-a7ea-4a98f5320ff8")).isTrue();
    }

    @Test
    void acceptsUppercaseHexAndKeepsTheTextAsReceived() {
        UuidV7 id = UuidV7.parse("01870603-F211-7B9A-A7EA-4A98F5320FF8");

        assertThat(id.text()).isEqualTo("01870603-F211-7B9A-A7EA-4A98F5320FF8");
        assertThat(id.canonicalText()).isEqualTo("01870603-f211-7b9a-a7ea-4a98f5320ff8");
        assertThat(id).isEqualTo(UuidV7.parse("01870603-f211-7b9a-a7ea-4a98f5320ff8"));
    }

    @Test
    void extractsTheMillisecondTimestampFromTheFirst48Bits() {
        Instant issued = Instant.parse("2025-08-08T10:11:12.345Z");
        String text = String.format("%08x-%04x-7abc-9def-0123456789ab", issued.toEpochMilli() >>> 16,
                issued.toEpochMilli() & 0xFFFF);

        UuidV7 id = UuidV7.parse(text);
        assertThat(id.timestamp()).isEqualTo(issued);
        assertThat(id.unixMillis()).isEqualTo(issued.toEpochMilli());
    }

    @Test
    void uuidViewAgreesWithJavaUtilUuid() {
        UuidV7 id = UuidV7.parse("01870603-f211-7b9a-a7ea-4a98f5320ff8");

        assertThat(id.uuid()).isEqualTo(UUID.fromString("01870603-f211-7b9a-a7ea-4a98f5320ff8"));
        assertThat(id.uuid().version()).isEqualTo(7);
        assertThat(id.uuid().variant()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1-1-1-1-1", "1870603-f211-7b9a-a7ea-4a98f5320ff8", "01870603-f211-7b9a-a7ea-4a98f5320ff",
        "01870603-f211-7b9a-a7ea-4a98f5320ff8a", "{01870603-f211-7b9a-a7ea-4a98f5320ff8}",
        "01870603f2117b9aa7ea4a98f5320ff8", "01870603-f2117-b9a-a7ea-4a98f5320ff8", "+1870603-f211-7b9a-a7ea-4a98f5320ff8",
        "01870603-f211-7b9a-a7ea-4a98f5320fg8", "01870603-f211-7b9a-a7ea-4a98f5320f\u0663\u0663",
        "01870603_f211_7b9a_a7ea_4a98f5320ff8", " 1870603-f211-7b9a-a7ea-4a98f5320ff8", ""})
    void rejectsTextThatIsNotThe36CharacterHexForm(String text) {
        assertThatThrownBy(() -> UuidV7.parse(text)).isInstanceOf(InvalidRequestIdException.class);
    }

    @Test
    void javaUtilUuidAcceptsMalformedTextThatWeReject() {
        for (String malformed : new String[] {"1-1-1-1-1", "1870603-f211-7b9a-a7ea-4a98f5320ff8"}) {
            assertThatCode(() -> UUID.fromString(malformed)).doesNotThrowAnyException();
            assertThat(UuidV7.isValid(malformed)).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"01870603-f211-4b9a-a7ea-4a98f5320ff8", "01870603-f211-8b9a-a7ea-4a98f5320ff8",
        "01870603-f211-0b9a-a7ea-4a98f5320ff8"})
    void rejectsOtherVersions(String text) {
        assertThatThrownBy(() -> UuidV7.parse(text)).hasMessageContaining("version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"01870603-f211-7b9a-07ea-4a98f5320ff8", "01870603-f211-7b9a-c7ea-4a98f5320ff8",
        "01870603-f211-7b9a-e7ea-4a98f5320ff8", "01870603-f211-7b9a-77ea-4a98f5320ff8"})
    void rejectsVariantsOtherThan10(String text) {
        assertThatThrownBy(() -> UuidV7.parse(text)).hasMessageContaining("variant");
    }

    @Test
    void rejectionMessagesDoNotRepeatTheValue() {
        assertThatThrownBy(() -> UuidV7.parse("01870603-f211-4b9a-a7ea-4a98f5320ff8"))
                .message().doesNotContain("01870603");
    }

    @Test
    void generatedIdsAreValidVersion7WithTheClockTimeAndRandomBits() {
        Instant now = Instant.parse("2025-01-02T03:04:05.678Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            UuidV7 id = UuidV7.generate(clock, random);
            UUID uuid = UUID.fromString(id.text());
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
            assertThat(UuidV7.parse(id.text())).isEqualTo(id);
            seen.add(id.text());
        }
        assertThat(seen).hasSize(1_000);
    }

    @Test
    void generatedIdsAreLowercaseCanonicalText() {
        UuidV7 id = UuidV7.generate(Clock.systemUTC(), new SecureRandom());

        assertThat(id.text()).isEqualTo(id.canonicalText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
