package com.partnerplatform.ygg.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JsStableStringifyTest {

    @Test
    void specExampleBodyIsSortedWithoutWhitespace() {
        assertThat(JsStableStringify.canonicalize("{ \"points\": 1000, \"address\": \"0x123456\" }"))
                .isEqualTo("{\"address\":\"0x123456\",\"points\":1000}");
    }

    @Test
    void nestedObjectsAreSortedAndArraysKeepTheirOrder() {
        assertThat(JsStableStringify.canonicalize("{\"b\":[{\"y\":1,\"x\":2},3,1],\"a\":{\"d\":null,\"c\":true}}"))
                .isEqualTo("{\"a\":{\"c\":true,\"d\":null},\"b\":[{\"x\":2,\"y\":1},3,1]}");
    }

    @Test
    void keysSortByUtf16CodeUnitsNotCodePoints() {
        // U+1F600 is D83D DE00 in UTF-16, so it sorts before U+FF71 although its code point is larger.
        assertThat(JsStableStringify.canonicalize("{\"\uff71\":1,\"\ud83d\ude00\":2,\"\ue000\":3,\"Z\":4,\"a\":5}"))
                .isEqualTo("{\"Z\":4,\"a\":5,\"\ud83d\ude00\":2,\"\ue000\":3,\"\uff71\":1}");
    }

    @Test
    void duplicateKeysPrintTheLastValueOnce() {
        assertThat(JsStableStringify.canonicalize("{\"a\":1,\"a\":{\"z\":0},\"a\":2}")).isEqualTo("{\"a\":2}");
    }

    @Test
    void protoIsAnOrdinaryKey() {
        assertThat(JsStableStringify.canonicalize("{\"b\":1,\"__proto__\":{\"x\":1},\"toJSON\":\"t\"}"))
                .isEqualTo("{\"__proto__\":{\"x\":1},\"b\":1,\"toJSON\":\"t\"}");
    }

    @Test
    void shortEscapesAreUsedWhereJsonStringifyHasThem() {
        assertThat(JsStableStringify.stringifyString("\"\\\b\f\n\r\t")).isEqualTo("\"\\\"\\\\\\b\\f\\n\\r\\t\"");
    }

    @Test
    void otherControlCharactersUseLowercaseUnicodeEscapes() {
        assertThat(JsStableStringify.stringifyString("\u0000\u001f\u000b")).isEqualTo("\"\\u0000\\u001f\\u000b\"");
    }

    @Test
    void loneSurrogatesAreEscapedInLowercaseAndPairsStayLiteral() {
        assertThat(JsStableStringify.stringifyString("\ud800a\uDFFF\ud83d\ude00\ude00\ud83d"))
                .isEqualTo("\"\\ud800a\\udfff\ud83d\ude00\\ude00\\ud83d\"");
    }

    @Test
    void slashDeleteLineSeparatorsAndNonAsciiStayLiteral() {
        assertThat(JsStableStringify.stringifyString("/\u007f\u2028\u2029\u00e9\ufeff"))
                .isEqualTo("\"/\u007f\u2028\u2029\u00e9\ufeff\"");
    }

    @Test
    void escapesInInputAreNormalised() {
        assertThat(JsStableStringify.canonicalize("\"\\u0041\\/\\u00E9\\u001F\"")).isEqualTo("\"A/\u00e9\\u001f\"");
    }

    @Test
    void numbersPrintAsJavaScriptPrintsThem() {
        assertThat(JsStableStringify.canonicalize("[1.0,1e21,1E-7,-0,100e-2,0.1,1e400,-1e400,5e-324]"))
                .isEqualTo("[1,1e+21,1e-7,0,1,0.1,null,null,5e-324]");
    }

    @Test
    void emptyStringStringifiesToTwoQuotes() {
        assertThat(JsStableStringify.stringifyString("")).isEqualTo("\"\"");
    }

    @Test
    void emptyContainersStayEmpty() {
        assertThat(JsStableStringify.canonicalize(" { } ")).isEqualTo("{}");
        assertThat(JsStableStringify.canonicalize("[ ]")).isEqualTo("[]");
    }

    @Test
    void javaBuiltValuesAreAcceptedForResponses() {
        Map<String, Object> response = new HashMap<>();
        response.put("success", true);
        response.put("partnerTransactionId", "tx-1");
        response.put("count", 3);
        response.put("total", 5L);
        response.put("items", new ArrayList<>(List.of(1.5, "x")));

        assertThat(JsStableStringify.stringify(response))
                .isEqualTo("{\"count\":3,\"items\":[1.5,\"x\"],\"partnerTransactionId\":\"tx-1\",\"success\":true,\"total\":5}");
    }

    @Test
    void longsThatJavaScriptCannotHoldExactlyAreRefused() {
        assertThatThrownBy(() -> JsStableStringify.stringify(List.of((1L << 53) + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsStableStringify.stringify(List.of(Long.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void typesWithoutAJsonMeaningAreRefused() {
        assertThatThrownBy(() -> JsStableStringify.stringify(List.of(new BigDecimal("1.10"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.math.BigDecimal");
        assertThatThrownBy(() -> JsStableStringify.stringify(Map.of(1, "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cyclicValuesAreRefusedInsteadOfOverflowingTheStack() {
        Map<String, Object> cyclic = new LinkedHashMap<>();
        cyclic.put("self", cyclic);

        assertThatThrownBy(() -> JsStableStringify.stringify(cyclic)).isInstanceOf(IllegalArgumentException.class);
    }
}
