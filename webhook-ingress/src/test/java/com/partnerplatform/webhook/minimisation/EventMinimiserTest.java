package com.partnerplatform.webhook.minimisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.partnerplatform.events.serde.Json;
import com.partnerplatform.webhook.testing.TestEvents;

class EventMinimiserTest {

    private final EventMinimiser minimiser = new EventMinimiser(config(
            List.of("type", "id", "transferId", "transferStatus", "occurredAt", "fee", "tags", "data.transferStatus", "sender")));

    @Test
    void onlyAllowListedFieldsAreKeptAndPlantedPersonalDataIsDropped() throws Exception {
        MinimisedEvent event = minimiser.minimise(TestEvents.transferStatusChanged("tr-42", "PAID"));

        assertThat(event.data()).containsOnlyKeys("type", "id", "transferId", "transferStatus", "occurredAt");
        assertThat(event.data()).containsEntry("transferStatus", "PAID");
        assertThat(TestEvents.freeOfPlantedPersonalData(Json.MAPPER.writeValueAsString(event.data()))).isTrue();
    }

    @Test
    void anAllowListEntryNamingAnObjectCopiesNothingOfIt() throws Exception {
        // "sender" is allow-listed but is an object holding an e-mail address: leaves must be listed one by one
        MinimisedEvent event = minimiser.minimise(TestEvents.transferStatusChanged("tr-43", "PAID"));

        assertThat(event.data()).doesNotContainKey("sender");
    }

    @Test
    void nestedAllowListedLeavesKeepTheirNestingAndSiblingsAreDropped() throws Exception {
        MinimisedEvent event = minimiser.minimise(json("""
                {"type":"transfer.updated","data":{"transferStatus":"HELD","beneficiaryName":"X Y"},"tags":["a","b"],"fee":1.10}"""));

        assertThat(event.data()).isEqualTo(Map.of("type", "transfer.updated", "data", Map.of("transferStatus", "HELD"),
                "tags", List.of("a", "b"), "fee", new BigDecimal("1.10")));
    }

    @Test
    void typeResourceIdAndOccurrenceTimeAreReadFromTheConfiguredFields() throws Exception {
        MinimisedEvent event = minimiser.minimise(TestEvents.transferStatusChanged("tr-44", "PAID"));

        assertThat(event.type()).isEqualTo("transfer.status.changed");
        assertThat(event.resourceId()).isEqualTo("tr-44");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
    }

    @Test
    void theResourceIdFallsBackToANestedFieldThenToNone() throws Exception {
        assertThat(minimiser.minimise(json("{\"type\":\"t\",\"data\":{\"transferId\":\"tr-n\"}}")).resourceId()).isEqualTo("tr-n");
        MinimisedEvent none = minimiser.minimise(json("{\"type\":\"t\",\"occurredAt\":\"not a time\"}"));
        assertThat(none.resourceId()).isNull();
        assertThat(none.occurredAt()).isNull();
    }

    @Test
    void bodiesThatAreNotOneJsonObjectWithATypeAreUnprocessable() {
        for (String body : List.of("", "[]", "\"text\"", "{\"type\":\"a\"} {\"type\":\"b\"}", "{\"type\":\"a\",\"type\":\"b\"}",
                "{\"id\":\"no type\"}", "{\"type\":42}", "{\"type\":\"has spaces in it\"}", "{\"type\":\"a\"")) {
            assertThatThrownBy(() -> minimiser.minimise(json(body))).as(body).isInstanceOf(UnprocessableEvent.class)
                    .hasMessageNotContaining("has spaces");
        }
    }

    @Test
    void aMalformedAllowListEntryStopsTheServiceFromStarting() {
        assertThatThrownBy(() -> new EventMinimiser(config(List.of("data..x")))).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static MinimisationConfig config(List<String> allowed) {
        return new MinimisationConfig() {
            @Override
            public List<String> allowedFields() {
                return allowed;
            }

            @Override
            public String typeField() {
                return "type";
            }

            @Override
            public List<String> resourceIdFields() {
                return List.of("transferId", "data.transferId");
            }

            @Override
            public List<String> timeFields() {
                return List.of("occurredAt", "timestamp");
            }
        };
    }
}
