-- Top-ups moved to volume pricing (lib/billing/top-ups.ts, the live rule): an amount is priced at the
-- best tier it reaches (1¢ a credit, 0.95¢ from 25,000, 0.9¢ from 100,000), never above a higher
-- tier's threshold price. Auto top-up settings store the price each top-up charges, set when they were
-- saved at the old prices (list price unless the amount was a bundle): this re-prices them once, so a
-- saved 300,000-credit top-up charges $2,700 and not $3,000. The new price is never above the old one.
-- The tier table is written out here as it stood for this one-time change; nothing reads it from here.
UPDATE auto_top_up_settings
SET amount_cents = LEAST(
  amount_cents,
  CASE
    WHEN credits >= 100000 THEN credits * 90 / 100
    WHEN credits >= 25000 THEN LEAST(credits * 95 / 100, 90000)
    ELSE LEAST(credits, 23750)
  END
)
WHERE currency = 'usd' AND credits % 100 = 0;
