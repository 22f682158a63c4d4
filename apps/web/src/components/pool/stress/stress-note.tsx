import { Card, CardTitle } from '@/components/ui/card';

/** What the stress test's figures mean, and what they assume. */
export function StressNote() {
  return (
    <Card as="section" tone="muted" aria-labelledby="stress-note-heading">
      <CardTitle as="h3" id="stress-note-heading">
        How to read this
      </CardTitle>
      <ul className="mt-2 list-disc space-y-1.5 pl-5 text-sm text-slate-700">
        <li>
          Every live policy is settled at the scenario’s prices, as if it expired now.{' '}
          <strong className="font-semibold">Payouts</strong> are what the policies would pay: each one’s value
          at that BTC price, capped by the collateral locked behind it.
        </li>
        <li>
          <strong className="font-semibold">Shortfall</strong> is what buyers would be owed beyond that locked
          collateral and not paid. Zero means every policy is fully covered.
        </li>
        <li>
          <strong className="font-semibold">LP net</strong> is the providers’ premiums minus the payouts:
          positive, they come out ahead; negative, they lose that much. Premiums and collateral are valued at
          the scenario’s prices, so a fall in STX shrinks both.
        </li>
        <li>
          Each provider’s health (healthy, warning, margin call) is its collateral value against its
          requirement at the scenario’s prices, under its tier’s warning and margin-call thresholds.
        </li>
        <li>
          The curve moves BTC alone, from −90% to +100% of today, with STX held at the scenario’s price.
        </li>
      </ul>
    </Card>
  );
}
