package dev.referly.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.referly.shared.ApiException;
import dev.referly.shared.ErrorCode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoveRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static List<MoveRule> rules(String json) {
        try {
            return MoveRules.parse(JSON.readValue(json.replace('\'', '"'), List.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static String gte(String attribute, long value) {
        return "{'attribute':'" + attribute + "','operator':'gte','value':" + value + "}";
    }

    static String between(String attribute, long min, long max) {
        return "{'attribute':'" + attribute + "','operator':'between','value':{'min':" + min + ",'max':" + max + "}}";
    }

    @ParameterizedTest(name = "{0} vs {1} -> overlap {2}")
    @CsvSource(delimiter = '|', value = {
            // same attribute, gte ranges are unbounded above: always overlap
            "[{'attribute':'totalLeads','value':10}]|[{'attribute':'totalLeads','value':100}]|true",
            // disjoint ranges on the one shared attribute
            "[{'attribute':'totalLeads','operator':'between','value':{'min':1,'max':9}}]|[{'attribute':'totalLeads','value':10}]|false",
            // touching inclusive bounds overlap
            "[{'attribute':'totalLeads','operator':'between','value':{'min':1,'max':10}}]|[{'attribute':'totalLeads','value':10}]|true",
            "[{'attribute':'totalLeads','operator':'between','value':{'min':1,'max':10}}]|[{'attribute':'totalLeads','operator':'between','value':{'min':11,'max':20}}]|false",
            "[{'attribute':'totalLeads','operator':'between','value':{'min':5,'max':15}}]|[{'attribute':'totalLeads','operator':'between','value':{'min':11,'max':20}}]|true",
            // different attributes never separate two groups
            "[{'attribute':'totalLeads','value':10}]|[{'attribute':'totalSaleAmount','value':100000}]|true",
            "[{'attribute':'totalLeads','operator':'between','value':{'min':1,'max':2}}]|[{'attribute':'totalCommissions','value':5}]|true",
            // one disjoint shared attribute is enough, whatever the others do
            "[{'attribute':'totalLeads','operator':'between','value':{'min':1,'max':9}},{'attribute':'totalSaleAmount','value':5}]|[{'attribute':'totalLeads','value':10},{'attribute':'totalSaleAmount','value':5}]|false",
            "[{'attribute':'totalLeads','value':10},{'attribute':'totalConversions','value':3}]|[{'attribute':'totalLeads','value':20},{'attribute':'totalSaleAmount','value':5}]|true",
            // empty sets match nobody
            "[]|[{'attribute':'totalLeads','value':10}]|false",
            "[]|[]|false"})
    void overlap(String a, String b, boolean expected) {
        assertThat(MoveRules.overlap(rules(a), rules(b)).isPresent()).isEqualTo(expected);
        assertThat(MoveRules.overlap(rules(b), rules(a)).isPresent()).isEqualTo(expected);
        MoveRules.overlap(rules(a), rules(b)).ifPresent(witness -> {
            // the witness really satisfies both rule sets
            PartnerTotals t = new PartnerTotals(0, witness.getOrDefault("totalLeads", 0L),
                    witness.getOrDefault("totalConversions", 0L), 0, witness.getOrDefault("totalSaleAmount", 0L),
                    witness.getOrDefault("totalCommissions", 0L));
            assertThat(MoveRules.holdFor(rules(a), t)).isTrue();
            assertThat(MoveRules.holdFor(rules(b), t)).isTrue();
        });
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[5]|rules[0]",
            "[{'attribute':'totalClicks','value':5}]|rules[0].attribute",
            "[{'value':5}]|rules[0].attribute",
            "[{'attribute':'totalLeads','operator':'lte','value':5}]|rules[0].operator",
            "[{'attribute':'totalLeads','value':0}]|rules[0].value",
            "[{'attribute':'totalLeads','value':1.5}]|rules[0].value",
            "[{'attribute':'totalLeads','value':'5'}]|rules[0].value",
            "[{'attribute':'totalLeads','operator':'between','value':5}]|rules[0].value",
            "[{'attribute':'totalLeads','operator':'between','value':{'min':0,'max':5}}]|rules[0].value.min",
            "[{'attribute':'totalLeads','operator':'between','value':{'min':5}}]|rules[0].value.max",
            "[{'attribute':'totalLeads','operator':'between','value':{'min':5,'max':5}}]|rules[0].value.max",
            "[{'attribute':'totalLeads','value':5},{'attribute':'totalLeads','value':9}]|rules[1].attribute"})
    void invalid(String json, String field) {
        assertThatThrownBy(() -> rules(json)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNPROCESSABLE_ENTITY);
            assertThat(e.getMessage()).startsWith(field + ": ");
        });
    }

    @ParameterizedTest(name = "leads {0}, sales {1} -> {2}")
    @CsvSource({"9,0,false", "10,0,false", "10,5000,true", "20,5000,true", "21,5000,false", "15,4999,false"})
    void allRulesMustHold(long leads, long saleAmount, boolean expected) {
        List<MoveRule> r = rules("[" + between("totalLeads", 10, 20) + "," + gte("totalSaleAmount", 5000) + "]");
        assertThat(MoveRules.holdFor(r, new PartnerTotals(0, leads, 0, 0, saleAmount, 0))).isEqualTo(expected);
        assertThat(r.get(0).min()).isEqualTo(10);
        assertThat(leads >= 10 && leads <= 20 && saleAmount >= 5000).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void storedJsonIsTheApiShapeAndReadsBack() {
        List<MoveRule> r = rules("[" + gte("totalCommissions", 100) + "," + between("totalConversions", 2, 8) + "]");
        String stored = MoveRules.toJson(r);
        assertThat(stored).isEqualTo("[{\"attribute\":\"totalCommissions\",\"operator\":\"gte\",\"value\":100},"
                + "{\"attribute\":\"totalConversions\",\"operator\":\"between\",\"value\":{\"min\":2,\"max\":8}}]");
        assertThat(MoveRules.fromJson(stored)).isEqualTo(r);
        assertThat(MoveRules.holdFor(List.of(), PartnerTotals.ZERO)).isFalse();
    }
}
