/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';
import type { DeliveryHour } from '../storage/newsroom-store.ts';

/*
 * Deliveries per hour as an SVG drawn on the server: grouped bars (enqueued, sent,
 * failed) per hour, with the numbers in a table beside it for screen readers and for
 * reading exact values.
 */

const WIDTH = 960;
const HEIGHT = 240;
const PAD = { left: 48, right: 12, top: 12, bottom: 36 };
export const SERIES = [
  ['queued', 'Enqueued', 'bar-queued'],
  ['sent', 'Sent', 'bar-sent'],
  ['failed', 'Failed', 'bar-failed'],
] as const;

/** A round upper bound for the axis: 1, 2, 5, 10, 20, 50 … */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

const hourLabel = (ms: number) => new Date(ms).toISOString().slice(11, 13);
const dayLabel = (ms: number) => new Date(ms).toISOString().slice(5, 10);

export const DeliveryChart: FC<{ hours: DeliveryHour[] }> = ({ hours }) => {
  const max = niceMax(Math.max(0, ...hours.flatMap((h) => [h.queued, h.sent, h.failed])));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / Math.max(1, hours.length);
  const bar = Math.max(1, (slot * 0.8) / SERIES.length);
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const totals = SERIES.map(([key, label]) => `${label.toLowerCase()} ${hours.reduce((s, h) => s + h[key], 0)}`);
  const labelEvery = Math.max(1, Math.ceil(hours.length / 12));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby="chart-title"
        xmlns="http://www.w3.org/2000/svg"
        preserveAspectRatio="none"
      >
        <title id="chart-title">{`Deliveries per hour over the last ${hours.length} hours: ${totals.join(', ')}`}</title>
        {(max % 2 === 0 ? [0, 0.5, 1] : [0, 1]).map((f) => (
          <g>
            <line class="grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} />
            <text class="axis" x={PAD.left - 6} y={y(max * f) + 4} text-anchor="end">
              {String(Math.round(max * f))}
            </text>
          </g>
        ))}
        {hours.map((h, i) => (
          <g>
            {SERIES.map(([key, label, cls], j) =>
              h[key] > 0 ? (
                <rect
                  class={cls}
                  x={PAD.left + i * slot + slot * 0.1 + j * bar}
                  y={y(h[key])}
                  width={bar}
                  height={Math.max(1, PAD.top + plotH - y(h[key]))}
                >
                  <title>{`${dayLabel(h.hour)} ${hourLabel(h.hour)}:00 UTC: ${h[key]} ${label.toLowerCase()}`}</title>
                </rect>
              ) : null,
            )}
            {i % labelEvery === 0 ? (
              <text class="axis" x={PAD.left + i * slot + slot / 2} y={HEIGHT - PAD.bottom + 14} text-anchor="middle">
                {hourLabel(h.hour)}
              </text>
            ) : null}
            {i % labelEvery === 0 && (hourLabel(h.hour) === '00' || i === 0) ? (
              <text class="axis" x={PAD.left + i * slot + slot / 2} y={HEIGHT - PAD.bottom + 28} text-anchor="middle">
                {dayLabel(h.hour)}
              </text>
            ) : null}
          </g>
        ))}
      </svg>
      <figcaption>
        <ul class="legend">
          {SERIES.map(([, label, cls]) => (
            <li>
              <span class={`swatch ${cls}`} aria-hidden="true" /> {label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
};

/** The chart's numbers as a table (hours with any activity). */
export const DeliveryHoursTable: FC<{ hours: DeliveryHour[] }> = ({ hours }) => {
  const active = hours.filter((h) => h.queued + h.sent + h.failed > 0).reverse();
  return (
    <details>
      <summary>The numbers, hour by hour ({active.length} hours with deliveries)</summary>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Hour (UTC)</th>
              {SERIES.map(([, label]) => (
                <th scope="col">{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {active.map((h) => (
              <tr>
                <th scope="row">{new Date(h.hour).toISOString().slice(0, 13).replace('T', ' ')}:00</th>
                {SERIES.map(([key]) => (
                  <td>{h[key]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
};
