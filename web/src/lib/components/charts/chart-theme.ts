import { formatNumber } from '$lib/format.ts';
import type { ChartOption } from './echarts.ts';

/** The charts' colours are the design tokens of app.css, read at draw time (no colour is repeated here). */
export interface ChartColors {
  receiver: string;
  highlight: string;
  primary: string;
  danger: string;
  grid: string;
  text: string;
  /** The page's font: ECharts measures labels with it, so legends and axis names do not overlap. */
  font: string;
}

const token = (name: string): string => getComputedStyle(document.documentElement).getPropertyValue(`--mb-${name}`).trim();

export const chartColors = (): ChartColors => ({
  receiver: token('receiver'),
  highlight: token('highlight'),
  primary: token('primary'),
  danger: token('danger'),
  grid: token('wall'),
  text: token('ink-muted'),
  font: getComputedStyle(document.body).fontFamily,
});

/** What every chart shares: fonts, grid margins, a legend on top, tooltips with locale numbers. */
export function baseOption(colors: ChartColors, legend: boolean): ChartOption {
  return {
    animationDuration: 300,
    textStyle: { fontFamily: colors.font, color: colors.text },
    // Axis labels inside the box (long vendor names, dates under the bars).
    grid: { left: 8, right: 16, top: legend ? 40 : 16, bottom: 8, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    legend: legend ? { top: 0, left: 0, icon: 'roundRect', itemWidth: 12, itemHeight: 12, textStyle: { color: colors.text } } : { show: false },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow', shadowStyle: { color: colors.grid, opacity: 0.3 } }, valueFormatter: (v) => (typeof v === 'number' ? formatNumber(v) : String(v ?? '')) },
  };
}

/** A value axis with locale numbers and light grid lines. */
export const valueAxis = (colors: ChartColors) => ({
  type: 'value' as const,
  minInterval: 1,
  // Labels that would touch are dropped (a phone-wide vendor chart read "0 50100150200").
  axisLabel: { color: colors.text, formatter: (v: number) => formatNumber(v), hideOverlap: true },
  splitLine: { lineStyle: { color: colors.grid, opacity: 0.6 } },
});

/** A category axis (days, hours, buckets, vendors). */
export const categoryAxis = (colors: ChartColors, data: string[]) => ({
  type: 'category' as const,
  data,
  axisLabel: { color: colors.text, hideOverlap: true },
  axisLine: { lineStyle: { color: colors.grid } },
  axisTick: { show: false },
});

/** Whether the chart is drawn on a phone-wide screen (labels get less room there). */
export const narrowScreen = (): boolean => typeof window !== 'undefined' && window.matchMedia('(width < 40rem)').matches;
