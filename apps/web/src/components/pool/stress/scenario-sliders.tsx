'use client';
import { fieldLabelClass } from '@/components/ui/field';
import { formatUsd } from '@/lib/format';
import {
  CHANGE_MAX_PCT,
  CHANGE_MIN_PCT,
  formatChangePct,
  priceAtChange,
  type StressScenarioPct,
} from './stress-params';

/** Today's prices, once the first answer has them: the sliders show the price each one sets. */
export interface BasePrices {
  btcUsd: bigint;
  stxUsd: bigint;
}

/**
 * One asset's change as a range input, with its value beside the label and the price it sets
 * under it; the value is not part of the label, so the input's name stays "BTC change".
 */
function ChangeSlider({
  id,
  label,
  asset,
  pct,
  baseUsd,
  priceDigits,
  onChange,
}: {
  id: string;
  label: string;
  asset: string;
  pct: number;
  baseUsd: bigint | null;
  priceDigits: number;
  onChange: (pct: number) => void;
}) {
  const price = baseUsd === null ? null : formatUsd(priceAtChange(baseUsd, pct), priceDigits);
  const today = baseUsd === null ? null : formatUsd(baseUsd, priceDigits);
  return (
    <div>
      <div className="flex items-baseline justify-between gap-3">
        <label htmlFor={id} className={fieldLabelClass}>
          {label}
        </label>
        <span className="text-lg font-semibold tabular-nums text-slate-900" data-testid={`${id}-value`}>
          {formatChangePct(pct)}
        </span>
      </div>
      <input
        id={id}
        type="range"
        min={CHANGE_MIN_PCT}
        max={CHANGE_MAX_PCT}
        step={1}
        value={pct}
        aria-valuetext={`${formatChangePct(pct)}${price ? `, ${asset} at ${price}` : ''}`}
        aria-describedby={`${id}-price`}
        onChange={(e) => onChange(Number(e.target.value))}
        className="mt-2 h-2 w-full cursor-pointer accent-brand-500"
      />
      <p id={`${id}-price`} className="mt-1 text-xs tabular-nums text-slate-500" data-testid={`${id}-price`}>
        {price && today ? `${asset} at ${price} (today ${today})` : `${asset} price loading…`}
      </p>
    </div>
  );
}

/** The scenario: how far BTC and STX move from today, −90% to +100% each. */
export function ScenarioSliders({
  scenario,
  base,
  onChange,
}: {
  scenario: StressScenarioPct;
  base: BasePrices | null;
  onChange: (patch: Partial<StressScenarioPct>) => void;
}) {
  return (
    <div className="grid gap-6 sm:grid-cols-2">
      <ChangeSlider
        id="btc-change"
        label="BTC change"
        asset="BTC"
        pct={scenario.btc}
        baseUsd={base?.btcUsd ?? null}
        priceDigits={0}
        onChange={(btc) => onChange({ btc })}
      />
      <ChangeSlider
        id="stx-change"
        label="STX change"
        asset="STX"
        pct={scenario.stx}
        baseUsd={base?.stxUsd ?? null}
        priceDigits={4}
        onChange={(stx) => onChange({ stx })}
      />
    </div>
  );
}
