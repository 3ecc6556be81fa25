package dev.referly.conversions;

import dev.referly.shared.ApiException;
import dev.referly.shared.Money;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Dated exchange rates to the workspace currency (USD). A sale uses the newest rate dated on
 * or before its day and keeps that rate, so history never changes when rates are updated.
 */
public final class FxRates {
    /** One row of a rates file: {@code date,currency,usd_per_unit}. */
    public record Rate(LocalDate date, String currency, BigDecimal usdPerUnit) {}

    public record Converted(Money amount, BigDecimal rate) {}

    private final Jdbi jdbi;

    public FxRates(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Loads the rates bundled with Referly; rates already stored (e.g. imported ones) win. */
    public void loadBundled() {
        try (InputStream in = FxRates.class.getResourceAsStream("/fx/rates.csv")) {
            if (in == null) {
                throw new IllegalStateException("bundled fx/rates.csv missing");
            }
            store(parse(new InputStreamReader(in, StandardCharsets.UTF_8)), false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Imports rates from a CSV file, replacing stored rates of the same currency and date. */
    public int importRates(Reader csv) throws IOException {
        List<Rate> rates = parse(csv);
        store(rates, true);
        return rates.size();
    }

    static List<Rate> parse(Reader csv) throws IOException {
        List<Rate> rates = new ArrayList<>();
        BufferedReader reader = new BufferedReader(csv);
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("date,")) {
                continue;
            }
            String[] parts = text.split(",");
            if (parts.length != 3 || !Money.isCurrency(parts[1].strip())) {
                throw new IllegalArgumentException("line " + number + ": expected date,currency,usd_per_unit");
            }
            BigDecimal rate = new BigDecimal(parts[2].strip());
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("line " + number + ": the rate must be positive");
            }
            rates.add(new Rate(LocalDate.parse(parts[0].strip()), parts[1].strip().toLowerCase(Locale.ROOT), rate));
        }
        return rates;
    }

    private void store(List<Rate> rates, boolean replace) {
        String sql = "INSERT INTO fx_rates (currency, effective_date, usd_per_unit) VALUES (:currency, :date, :rate)"
                + (replace ? " ON CONFLICT (currency, effective_date) DO UPDATE SET usd_per_unit = excluded.usd_per_unit"
                        : " ON CONFLICT (currency, effective_date) DO NOTHING");
        jdbi.useTransaction(h -> {
            var batch = h.prepareBatch(sql);
            for (Rate r : rates) {
                batch.bind("currency", r.currency()).bind("date", r.date().toString())
                        .bind("rate", r.usdPerUnit().toPlainString()).add();
            }
            if (!rates.isEmpty()) {
                batch.execute();
            }
        });
    }

    /** The rate in force for {@code currency} on the day of {@code at} (UTC). */
    public Optional<BigDecimal> rate(String currency, long at) {
        String day = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC).toLocalDate().toString();
        return jdbi.withHandle(h -> h.createQuery("SELECT usd_per_unit FROM fx_rates WHERE currency = :c"
                        + " AND effective_date <= :day ORDER BY effective_date DESC LIMIT 1")
                .bind("c", currency).bind("day", day)
                .mapTo(String.class).findOne().map(BigDecimal::new));
    }

    /** The amount in USD minor units, rounded half-up once, with the rate that was used. */
    public Converted toUsd(Money amount, long at) {
        if (amount.currency().equals(Money.USD)) {
            return new Converted(amount, BigDecimal.ONE);
        }
        BigDecimal rate = rate(amount.currency(), at).orElseThrow(() -> ApiException.invalid("currency",
                "no exchange rate to USD is known for " + amount.currency() + " (import one with `referly fx import`)"));
        return new Converted(Money.of(amount.major().multiply(rate), Money.USD), rate);
    }
}
