// Money in leads is a "$" string ("$25.00"); estimate.pricePerUnit is observed without the "$"
// (docs/thumbtack/api.md#money). Amounts are kept in cents to avoid float drift.

export function dollars(cents: number): string {
  return `$${plain(cents)}`;
}

export function plain(cents: number): string {
  const whole = Math.floor(cents / 100);
  const rest = String(cents % 100).padStart(2, '0');
  return `${whole}.${rest}`;
}

/** Splits a tax-inclusive lead price into subtotal and sales tax (8.25%, Austin's combined rate). */
export function withSalesTax(totalCents: number): { subtotal: string; salesTax: string } {
  const subtotal = Math.round(totalCents / 1.0825);
  return { subtotal: dollars(subtotal), salesTax: dollars(totalCents - subtotal) };
}
