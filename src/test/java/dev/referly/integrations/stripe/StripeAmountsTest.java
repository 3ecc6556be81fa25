package dev.referly.integrations.stripe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.referly.conversions.ProcessorSale;
import dev.referly.shared.Money;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StripeAmountsTest {
    static JsonNode json(String text) throws Exception {
        return StripeEvent.JSON.readTree(text.replace('\'', '"'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no tax                             | {'currency':'usd','amount_total':5000,'total_details':{'amount_tax':0}}                        | 5000 | usd
            tax left out                       | {'currency':'usd','amount_total':11000,'total_details':{'amount_tax':1000}}                    | 10000 | usd
            no total_details                   | {'currency':'eur','amount_total':4200}                                                          | 4200 | eur
            upper-case currency                | {'currency':'EUR','amount_total':4200,'total_details':null}                                     | 4200 | eur
            adaptive pricing, no tax           | {'currency':'eur','amount_total':9200,'total_details':{'amount_tax':0},'currency_conversion':{'amount_total':10000,'fx_rate':'0.92','source_currency':'usd'}} | 10000 | usd
            adaptive pricing, tax converted    | {'currency':'eur','amount_total':9200,'total_details':{'amount_tax':920},'currency_conversion':{'amount_total':10000,'fx_rate':'0.92','source_currency':'usd'}} | 9000 | usd
            adaptive pricing, tax rounds half-up | {'currency':'eur','amount_total':1000,'total_details':{'amount_tax':1},'currency_conversion':{'amount_total':1000,'fx_rate':'2','source_currency':'usd'}} | 999 | usd
            adaptive pricing into yen          | {'currency':'jpy','amount_total':1500,'total_details':{'amount_tax':150},'currency_conversion':{'amount_total':1000,'fx_rate':'150','source_currency':'usd'}} | 900 | usd
            null conversion                    | {'currency':'usd','amount_total':700,'currency_conversion':null}                                | 700 | usd
            """)
    void checkoutSessions(String name, String session, long amount, String currency) throws Exception {
        assertThat(StripeAmounts.checkout(json(session))).isEqualTo(new Money(amount, currency));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            total_excluding_tax wins  | {'currency':'usd','total':2400,'total_excluding_tax':2000,'amount_paid':2400} | 2000 | usd
            amount_paid otherwise     | {'currency':'usd','total':2400,'amount_paid':2400}                           | 2400 | usd
            null total_excluding_tax  | {'currency':'gbp','total_excluding_tax':null,'amount_paid':300}              | 300  | gbp
            nothing paid              | {'currency':'usd'}                                                           | 0    | usd
            """)
    void invoices(String name, String invoice, long amount, String currency) throws Exception {
        assertThat(StripeAmounts.invoice(json(invoice))).isEqualTo(new Money(amount, currency));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            newer API: pricing.price_details | {'lines':{'has_more':false,'data':[{'amount':1000,'quantity':2,'pricing':{'price_details':{'product':'prod_a'}}}]}} | prod_a:1000x2
            older API: price.product         | {'lines':{'data':[{'amount':500,'price':{'id':'price_1','product':'prod_b'}}]}}                             | prod_b:500x1
            expanded product, plan           | {'lines':{'data':[{'amount':500,'plan':{'product':{'id':'prod_c'}}}]}}                                      | prod_c:500x1
            no product                       | {'lines':{'data':[{'amount':500}]}}                                                                         | null:500x1
            cut short: no lines              | {'lines':{'has_more':true,'data':[{'amount':500,'price':{'product':'prod_b'}}]}}                            | ''
            no lines                         | {}                                                                                                          | ''
            """)
    void invoiceLines(String name, String invoice, String expected) throws Exception {
        String lines = String.join(",", StripeAmounts.lines(json(invoice)).stream()
                .map((ProcessorSale.Line l) -> l.productId() + ":" + l.amount() + "x" + l.quantity()).toList());
        assertThat(lines).isEqualTo(expected == null ? "" : expected);
    }
}
