import { AxisBottom, AxisLeft } from "@visx/axis";
import { Group } from "@visx/group";
import { scaleBand, scaleLinear } from "@visx/scale";
import { Bar } from "@visx/shape";
import { useId } from "react";
import { formatAmount, formatCompact, formatMonth, formatShortMonth } from "~/utils/format";
import { currencyExponent } from "~/utils/money";

export interface MonthlyAmount {
  /** The month's first day, YYYY-MM-01. */
  month: string;
  /** Minor units as a decimal string (exact; the bars' heights alone go through a float). */
  amountMinor: string;
}

const WIDTH = 720;
const HEIGHT = 240;
const MARGIN = { top: 12, right: 8, bottom: 28, left: 64 };

/**
 * Amounts per month as bars, drawn on the server as SVG (it needs no JavaScript), scaled by visx; the same
 * figures follow as a table, which is what a screen reader reads (the picture is hidden from it).
 */
export function MonthlyBars({ title, months, currency, locale, highlight }: { title: string; months: MonthlyAmount[]; currency: string; locale: string; highlight?: string }) {
  const id = useId();
  const scale = 10 ** currencyExponent(currency);
  const values = months.map((m) => Number(BigInt(m.amountMinor)) / scale);
  const top = Math.max(0, ...values);
  const bottom = Math.min(0, ...values);
  const innerWidth = WIDTH - MARGIN.left - MARGIN.right;
  const innerHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = scaleBand<string>({ domain: months.map((m) => m.month), range: [0, innerWidth], padding: 0.25 });
  const y = scaleLinear<number>({ domain: [bottom, top === bottom ? bottom + 1 : top], range: [innerHeight, 0], nice: true });
  return (
    <figure aria-labelledby={`${id}-title`} className="card">
      <figcaption id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="mt-3 h-auto w-full" aria-hidden="true" focusable="false">
        <Group left={MARGIN.left} top={MARGIN.top}>
          {months.map((m, index) => {
            const value = values[index];
            const barTop = y(Math.max(0, value));
            const height = Math.abs(y(value) - y(0));
            return (
              <Bar
                key={m.month}
                x={x(m.month)}
                y={barTop}
                width={x.bandwidth()}
                height={height}
                className={m.month === highlight ? "fill-indigo-600" : "fill-indigo-300"}
              />
            );
          })}
          <AxisLeft scale={y} numTicks={4} tickFormat={(value) => formatCompact(Number(value), locale)} stroke="#cbd5e1" tickStroke="#cbd5e1" tickLabelProps={{ fill: "#475569", fontSize: 11, textAnchor: "end", dx: -4, dy: 3 }} />
          <AxisBottom top={innerHeight} scale={x} tickFormat={(month) => formatShortMonth(month, locale)} stroke="#cbd5e1" tickStroke="#cbd5e1" tickLabelProps={{ fill: "#475569", fontSize: 11, textAnchor: "middle" }} />
        </Group>
      </svg>
      <details className="mt-2 text-sm">
        <summary className="link cursor-pointer">The figures as a table</summary>
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              <th scope="col" className="py-1 font-medium">
                Month
              </th>
              <th scope="col" className="py-1 text-right font-medium">
                Amount ({currency})
              </th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month} className="border-t border-slate-100">
                <th scope="row" className="py-1 font-normal">
                  {formatMonth(m.month, locale)}
                </th>
                <td className="py-1 text-right tabular-nums">{formatAmount(BigInt(m.amountMinor), currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
