-- Sales a browser may report with a publishable key: none unless the workspace sets a ceiling
-- (the largest amount of one sale, in the sale currency's minor units).
ALTER TABLE publishable_keys ADD COLUMN max_sale_amount BIGINT;
