package dev.referly.rewards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RewardParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static Map<String, Object> body(String json) {
        try {
            return JSON.readValue(json.replace('\'', '"'), Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static Reward parse(String event, String json) {
        return RewardParser.parse(RewardEvent.valueOf(event.toUpperCase()), body(json), "rw_1");
    }

    static final String COND = "'conditions':[{'entity':'customer','attribute':'country','operator':'equals_to','value':'US'}]";

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("sale", "{'type':'fixed','amountInCents':100}", "type"),
                Arguments.of("sale", "{'event':'lead','amountInCents':100}", "event"),
                Arguments.of("lead", "{'type':'percentage','amountInPercentage':10}", "type"),
                Arguments.of("click", "{'type':'percentage','amountInPercentage':10}", "type"),
                Arguments.of("sale", "{'type':'flat'}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':-1}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':12.5}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':'100'}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':1000000000001}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':0}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':100,'amountInPercentage':10}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage'}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage','amountInPercentage':0}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage','amountInPercentage':-5}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage','amountInPercentage':100.01}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage','amountInPercentage':12.345}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage','amountInPercentage':'10'}", "amountInPercentage"),
                Arguments.of("sale", "{'type':'percentage','amountInPercentage':10,'amountInCents':5}", "amountInCents"),
                Arguments.of("sale", "{'amountInCents':100,'maxDuration':-1}", "maxDuration"),
                Arguments.of("sale", "{'amountInCents':100,'maxDuration':121}", "maxDuration"),
                Arguments.of("sale", "{'amountInCents':100,'maxDuration':1.5}", "maxDuration"),
                Arguments.of("lead", "{'amountInCents':100,'maxDuration':3}", "maxDuration"),
                Arguments.of("lead", "{'amountInCents':100,'maxDuration':null}", "maxDuration"),
                Arguments.of("click", "{'amountInCents':1,'maxDuration':12}", "maxDuration"),
                Arguments.of("sale", "{'amountInCents':100,'description':'" + "x".repeat(101) + "'}", "description"),
                Arguments.of("sale", "{'amountInCents':100,'description':5}", "description"),
                Arguments.of("sale", "{'amountInCents':100,'tooltipDescription':'" + "x".repeat(2001) + "'}",
                        "tooltipDescription"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':{}}", "modifiers"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[5]}", "modifiers[0]"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{'operator':'XOR'," + COND + ",'amountInCents':5}]}",
                        "modifiers[0].operator"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{'amountInCents':5}]}", "modifiers[0].conditions"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{'conditions':[],'amountInCents':5}]}",
                        "modifiers[0].conditions"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{" + COND + "}]}", "modifiers[0].amountInCents"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{" + COND + ",'amountInPercentage':5}]}",
                        "modifiers[0].amountInPercentage"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{" + COND + ",'type':'percentage','amountInCents':5}]}",
                        "modifiers[0].amountInCents"),
                Arguments.of("lead", "{'amountInCents':100,'modifiers':[{" + COND + ",'type':'percentage','amountInPercentage':5}]}",
                        "modifiers[0].type"),
                Arguments.of("lead", "{'amountInCents':100,'modifiers':[{" + COND + ",'amountInCents':5,'maxDuration':6}]}",
                        "modifiers[0].maxDuration"),
                Arguments.of("sale", "{'amountInCents':100,'modifiers':[{" + COND + ",'amountInCents':5,'maxDuration':500}]}",
                        "modifiers[0].maxDuration"),
                Arguments.of("sale", cond("{'entity':'visitor','attribute':'country','operator':'equals_to','value':'US'}"),
                        "modifiers[0].conditions[1].entity"),
                Arguments.of("lead", cond("{'entity':'sale','attribute':'amount','operator':'equals_to','value':1}"),
                        "modifiers[0].conditions[1].entity"),
                Arguments.of("click", cond0("{'entity':'customer','attribute':'country','operator':'equals_to','value':'US'}"),
                        "modifiers[0].conditions[0].entity"),
                Arguments.of("sale", cond("{'entity':'customer','attribute':'email','operator':'equals_to','value':'a'}"),
                        "modifiers[0].conditions[1].attribute"),
                Arguments.of("sale", cond("{'entity':'partner','attribute':'metadata.plan','operator':'equals_to','value':'a'}"),
                        "modifiers[0].conditions[1].attribute"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'metadata.','operator':'equals_to','value':'a'}"),
                        "modifiers[0].conditions[1].attribute"),
                Arguments.of("sale", cond("{'entity':'sale','operator':'equals_to','value':'a'}"),
                        "modifiers[0].conditions[1].attribute"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'amount','operator':'bigger','value':1}"),
                        "modifiers[0].conditions[1].operator"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'amount','operator':'starts_with','value':'1'}"),
                        "modifiers[0].conditions[1].operator"),
                Arguments.of("sale", cond("{'entity':'customer','attribute':'country','operator':'greater_than','value':'US'}"),
                        "modifiers[0].conditions[1].operator"),
                Arguments.of("sale", cond("{'entity':'customer','attribute':'signupDate','operator':'equals_to','value':'2026-01-01'}"),
                        "modifiers[0].conditions[1].operator"),
                Arguments.of("sale", cond("{'entity':'customer','attribute':'country','operator':'equals_to','value':'XX'}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'customer','attribute':'source','operator':'equals_to','value':'organic'}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'type','operator':'in','value':['new','old']}"),
                        "modifiers[0].conditions[1].value[1]"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'amount','operator':'greater_than','value':'1000'}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'amount','operator':'greater_than','value':-1}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'amount','operator':'in','value':1000}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'productId','operator':'in','value':[]}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'productId','operator':'equals_to','value':['a']}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'productId','operator':'equals_to','value':''}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'sale','attribute':'productId','operator':'equals_to'}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'customer','attribute':'signupDate','operator':'greater_than','value':'yesterday'}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", cond("{'entity':'lead','attribute':'metadata.seats','operator':'greater_than','value':'many'}"),
                        "modifiers[0].conditions[1].value"),
                Arguments.of("sale", "{'amountInCents':100,'spendLimits':{}}", "spendLimits"),
                Arguments.of("sale", "{'amountInCents':100,'spendLimits':[{'scope':'link','period':'day','amountInCents':5}]}",
                        "spendLimits[0].scope"),
                Arguments.of("lead", "{'amountInCents':100,'spendLimits':[{'scope':'customer','period':'day','amountInCents':5}]}",
                        "spendLimits[0].scope"),
                Arguments.of("sale", "{'amountInCents':100,'spendLimits':[{'scope':'partner','period':'year','amountInCents':5}]}",
                        "spendLimits[0].period"),
                Arguments.of("sale", "{'amountInCents':100,'spendLimits':[{'scope':'partner','period':'day','amountInCents':0}]}",
                        "spendLimits[0].amountInCents"),
                Arguments.of("sale", "{'amountInCents':100,'spendLimits':[{'scope':'partner','period':'day','amountInCents':5},"
                        + "{'scope':'partner','period':'day','amountInCents':9}]}", "spendLimits[1]"));
    }

    /** A modifier whose second condition is {@code condition}. */
    static String cond(String condition) {
        return "{'amountInCents':100,'modifiers':[{'conditions':[{'entity':'partner','attribute':'totalLeads',"
                + "'operator':'greater_than','value':1}," + condition + "],'amountInCents':500}]}";
    }

    static String cond0(String condition) {
        return "{'amountInCents':100,'modifiers':[{'conditions':[" + condition + "],'amountInCents':500}]}";
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource
    void invalid(String event, String json, String field) {
        assertThatThrownBy(() -> parse(event, json))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNPROCESSABLE_ENTITY);
                    assertThat(e.getMessage()).startsWith(field + ": ");
                });
    }

    @ParameterizedTest(name = "{0}% -> {1} bp")
    @CsvSource({"12.5,1250", "12.34,1234", "0.01,1", "100,10000", "30,3000", "99.99,9999", "0.1,10", "33.33,3333",
            "1e1,1000"})
    void percentagesAreExactBasisPoints(String percent, int basisPoints) throws Exception {
        Reward r = parse("sale", "{'type':'percentage','amountInPercentage':" + percent + "}");
        assertThat(r.amountInBasisPoints()).isEqualTo(basisPoints);
        assertThat(r.amountInCents()).isZero();
        assertThat(RewardJson.toApi(r).get("amountInPercentage").toString())
                .isEqualTo(new java.math.BigDecimal(JSON.readTree(percent).asText()).stripTrailingZeros().toPlainString());
    }

    @ParameterizedTest(name = "{0} {1} -> maxDuration {2}")
    @CsvSource(value = {"sale|{}|null", "sale|{'maxDuration':null}|null", "sale|{'maxDuration':0}|0",
            "sale|{'maxDuration':12}|12", "sale|{'maxDuration':120}|120", "lead|{}|0", "lead|{'maxDuration':0}|0",
            "click|{}|0"}, delimiter = '|', nullValues = "null")
    void durations(String event, String extra, Integer expected) {
        Map<String, Object> b = body(extra);
        b.put("amountInCents", 100);
        assertThat(RewardParser.parse(RewardEvent.valueOf(event.toUpperCase()), b, "rw_1").maxDuration())
                .isEqualTo(expected);
    }

    @Test
    void aZeroFlatRewardWithADescriptionIsNonMonetary() {
        Reward r = parse("lead", "{'type':'flat','amountInCents':0,'description':'A free T-shirt'}");
        assertThat(r.amountInCents()).isZero();
        assertThat(r.description()).isEqualTo("A free T-shirt");
        assertThat(r.type()).isEqualTo(RewardType.FLAT);
    }

    @Test
    void theFullShapeParsesAndRendersBackTheSame() {
        String json = "{'type':'percentage','amountInPercentage':20,'maxDuration':12,'description':'20% for a year',"
                + "'tooltipDescription':'**Paid** monthly',"
                + "'modifiers':[{'operator':'OR','conditions':["
                + "{'entity':'customer','attribute':'country','operator':'in','value':['us','CA']},"
                + "{'entity':'sale','attribute':'amount','operator':'greater_than_or_equal','value':10000},"
                + "{'entity':'sale','attribute':'metadata.plan','operator':'equals_to','value':'pro'},"
                + "{'entity':'lead','attribute':'metadata.seats','operator':'greater_than','value':5},"
                + "{'entity':'customer','attribute':'signupDate','operator':'less_than','value':'2026-01-01'},"
                + "{'entity':'partner','attribute':'totalSaleAmount','operator':'in','value':[1,2]}],"
                + "'amountInPercentage':30.5,'maxDuration':null},"
                + "{'operator':'AND','conditions':[{'entity':'sale','attribute':'productId','operator':'starts_with','value':'prod_'}],"
                + "'type':'flat','amountInCents':700}],"
                + "'spendLimits':[{'scope':'partner','period':'month','amountInCents':100000},"
                + "{'scope':'customer','period':'all_time','amountInCents':5000}]}";
        Reward r = parse("sale", json);
        assertThat(r.type()).isEqualTo(RewardType.PERCENTAGE);
        assertThat(r.amountInBasisPoints()).isEqualTo(2000);
        assertThat(r.maxDuration()).isEqualTo(12);
        Modifier first = r.modifiers().get(0);
        assertThat(first.operator()).isEqualTo(Modifier.Operator.OR);
        assertThat(first.type()).isNull();
        assertThat(first.amountInBasisPoints()).isEqualTo(3050);
        assertThat(first.overridesDuration()).isTrue();
        assertThat(first.maxDuration()).isNull();
        assertThat(first.conditions().get(0).values()).containsExactly("US", "CA");
        assertThat(first.conditions().get(0).factKey()).isEqualTo("customer.country");
        assertThat(first.conditions().get(1).values()).containsExactly("10000");
        assertThat(first.conditions().get(3).values()).containsExactly("5");
        assertThat(first.conditions().get(4).values()).containsExactly("2026-01-01T00:00:00Z");
        Modifier second = r.modifiers().get(1);
        assertThat(second.overridesDuration()).isFalse();
        assertThat(second.type()).isEqualTo(RewardType.FLAT);
        assertThat(second.amountInCents()).isEqualTo(700);
        assertThat(r.spendLimits()).containsExactly(
                new SpendLimit(SpendLimit.Scope.PARTNER, SpendLimit.Period.MONTH, 100000),
                new SpendLimit(SpendLimit.Scope.CUSTOMER, SpendLimit.Period.ALL_TIME, 5000));

        Map<String, Object> api = RewardJson.toApi(r);
        assertThat(api.get("id")).isEqualTo("rw_1");
        assertThat(api.get("event")).isEqualTo("sale");
        assertThat(api.get("amountInCents")).isNull();
        assertThat(api.get("tooltipHtml")).isEqualTo("<p><strong>Paid</strong> monthly</p>\n");
        assertThat(JSON.valueToTree(api).at("/modifiers/0/conditions/1/value").isNumber()).isTrue();
        assertThat(JSON.valueToTree(api).at("/modifiers/0/amountInPercentage").asText()).isEqualTo("30.5");
        assertThat(JSON.valueToTree(api).at("/modifiers/1").has("maxDuration")).isFalse();
        // The API shape parses back to the same reward (a GET's answer can be PUT again).
        @SuppressWarnings("unchecked")
        Map<String, Object> again = JSON.convertValue(api, Map.class);
        assertThat(RewardParser.parse(RewardEvent.SALE, again, "rw_1")).isEqualTo(r);
    }

    @Test
    void theStoredJsonReadsBackAsTheSameRecord() throws Exception {
        Reward r = parse("sale", "{'amountInCents':500,'modifiers':[{'conditions':[{'entity':'customer',"
                + "'attribute':'source','operator':'not_in','value':['trial']}],'amountInCents':900,'maxDuration':0}],"
                + "'spendLimits':[{'scope':'partner','period':'day','amountInCents':1000}]}");
        ObjectMapper plain = new ObjectMapper();
        String stored = plain.writeValueAsString(r);
        assertThat(stored).contains("\"FLAT\"").contains("\"NOT_IN\"").doesNotContain("factKey");
        assertThat(plain.readValue(stored, Reward.class)).isEqualTo(r);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "<script>alert(1)</script>|&lt;script&gt;alert(1)&lt;/script&gt;",
            "[x](javascript:alert(1))|href=\"\">x</a>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)|href=\"\">x</a>",
            "![i](javascript:alert(1))|<img src=\"\"",
            "<img src=x onerror=alert(1)>|&lt;img src=x onerror=alert(1)&gt;",
            "[ok](https://example.com/terms)|<a rel=\"nofollow\" href=\"https://example.com/terms\">ok</a>"})
    void tooltipHtmlIsSanitized(String markdown, String expected) {
        String html = TooltipMarkdown.toHtml(markdown);
        assertThat(html).contains(expected);
        assertThat(html).doesNotContain("<script").doesNotContain("javascript:").doesNotContain("onerror=alert(1)>");
    }

    @Test
    void unknownFieldsAreIgnored() {
        Reward r = parse("click", "{'id':'rw_other','createdAt':'x','tooltipHtml':'<b>','amountInCents':10}");
        assertThat(r.id()).isEqualTo("rw_1");
        assertThat(r.modifiers()).isEqualTo(List.of());
    }
}
