package dev.referly.conversions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FxRatesTest {
    @Test
    void parsesDatedRatesSkippingCommentsAndTheHeader() throws Exception {
        var rates = FxRates.parse(new StringReader("# comment\ndate,currency,usd_per_unit\n2026-01-01,EUR,1.08\n\n2026-02-01,jpy,0.0067\n"));
        assertThat(rates).containsExactly(
                new FxRates.Rate(LocalDate.parse("2026-01-01"), "eur", new BigDecimal("1.08")),
                new FxRates.Rate(LocalDate.parse("2026-02-01"), "jpy", new BigDecimal("0.0067")));
    }

    @Test
    void refusesMalformedLines() {
        assertThatThrownBy(() -> FxRates.parse(new StringReader("2026-01-01,eur\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> FxRates.parse(new StringReader("2026-01-01,zzz,1\n"))).hasMessageContaining("line 1");
        assertThatThrownBy(() -> FxRates.parse(new StringReader("2026-01-01,eur,-1\n"))).hasMessageContaining("positive");
    }

    @Test
    void theBundledTableParses() throws Exception {
        try (var in = FxRates.class.getResourceAsStream("/fx/rates.csv")) {
            assertThat(FxRates.parse(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8)))
                    .hasSizeGreaterThan(30);
        }
    }
}
