package dev.referly.programs;

import java.util.Optional;

/** Who referred a customer (the partner owning the customer's link) and the discount that partner's group gives. */
public record Referrer(Partner partner, Optional<Discount> discount) {}
