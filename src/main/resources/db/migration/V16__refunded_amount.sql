-- How much of a sale commission's sale has been refunded so far, in the units of its amount.
-- Refunds are capped at what is left, and each refund moves the commission's refund corrections
-- to the earnings on what remains (rounded once), so split refunds end exactly at zero.
-- A conditional UPDATE on it (WHERE refunded_amount = what was read) makes concurrent refunds safe.
ALTER TABLE commissions ADD COLUMN refunded_amount BIGINT NOT NULL DEFAULT 0;

-- Existing ledgers: a refunded sale was refunded in full; otherwise its refund corrections say how much.
UPDATE commissions SET refunded_amount = amount
WHERE type = 'sale' AND corrects_id IS NULL AND status = 'refunded';
UPDATE commissions SET refunded_amount = (
    SELECT CASE WHEN -SUM(r.amount) > commissions.amount THEN commissions.amount ELSE -SUM(r.amount) END
    FROM commissions r WHERE r.corrects_id = commissions.id AND r.dedupe_key LIKE 'refund:%')
WHERE type = 'sale' AND corrects_id IS NULL AND status <> 'refunded'
  AND EXISTS (SELECT 1 FROM commissions r WHERE r.corrects_id = commissions.id AND r.dedupe_key LIKE 'refund:%');
