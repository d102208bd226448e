// Charts (Apache ECharts), in the UI's palette. Only echarts/core with the four chart types and the
// components used here is bundled, and this module is loaded with import() by the pages that draw
// charts: esbuild splits it (and ECharts) into a chunk of its own, so the first page of the admin
// UI does not wait for a chart library it may never show.

import * as echarts from 'echarts/core';
import {BarChart, HeatmapChart, LineChart, PieChart} from 'echarts/charts';
import {GridComponent, LegendPlainComponent, TooltipComponent} from 'echarts/components';
import {CanvasRenderer} from 'echarts/renderers';
import * as fmt from './format.js';

echarts.use([BarChart, HeatmapChart, LineChart, PieChart, GridComponent, LegendPlainComponent, TooltipComponent, CanvasRenderer]);

/** The colours of styles.css (--routed, --no-owner, --ambiguous, --changed, …): a colour means the same on every page. */
export const COLORS = {
  ROUTED: '#1b7a43',
  NO_OWNER: '#b42318',
  AMBIGUOUS: '#7c3aed',
  changed: '#d97706',
  unchanged: '#c9d1dc',
  accent: '#2f5bd3',
  text: '#1d2633',
  muted: '#5d6978',
  grid: '#eef0f3',
};

/** Owners have no meaning of their own: a fixed, distinguishable sequence, in the order the data names them. */
const SERIES = ['#2f5bd3', '#0e9384', '#c4320a', '#7a5af8', '#ca8504', '#dd2590', '#3e4784', '#4e5ba6', '#099250', '#6172f3'];

const BASE = {
  color: SERIES,
  animationDuration: 300,
  textStyle: {fontFamily: 'system-ui, -apple-system, "Segoe UI", "Liberation Sans", Roboto, Arial, sans-serif', color: COLORS.text},
  tooltip: {confine: true},
};

/**
 * An ECharts chart drawn into `el` (which must have a height), resized with its container. The
 * element carries data-chart (its kind) so tests and people can find it. Returns {update, dispose}.
 */
function mount(el, kind, option) {
  el.dataset.chart = kind;
  const chart = echarts.init(el, null, {renderer: 'canvas'});
  chart.setOption({...BASE, ...option});
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(el);
  return {
    update: o => chart.setOption(o),
    dispose: () => {
      resize.disconnect();
      chart.dispose();
    },
  };
}

const axisLabel = {color: COLORS.muted};
const splitLine = {lineStyle: {color: COLORS.grid}};

/**
 * Horizontal bars, one per category, read top to bottom in the order given: `series` is
 * [{name, values, color}], stacked when there is more than one (changed over unchanged).
 */
export function bars(el, {categories, series}) {
  const names = [...categories].reverse();
  return mount(el, 'bars', {
    grid: {left: 8, right: 24, top: series.length > 1 ? 28 : 8, bottom: 8, containLabel: true},
    legend: series.length > 1 ? {top: 0, left: 0, itemWidth: 12, itemHeight: 12} : undefined,
    tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: v => fmt.number(v)},
    xAxis: {type: 'value', minInterval: 1, axisLabel: {...axisLabel, formatter: v => fmt.number(v)}, splitLine},
    yAxis: {type: 'category', data: names, axisLabel: {...axisLabel, color: COLORS.text, width: 160, overflow: 'truncate'},
      axisTick: {show: false}},
    series: series.map(s => ({
      type: 'bar', name: s.name, stack: series.length > 1 ? 'all' : undefined, barMaxWidth: 22,
      itemStyle: {color: s.color}, data: [...s.values].reverse(),
    })),
  });
}

/**
 * A matrix of counts: rows `from`, columns `to`, `cells` [{from, to, count}]. The diagonal (nothing
 * moved) is grey whatever its size; off it, the deeper the amber, the more decisions moved.
 */
export function transitionHeatmap(el, {from, to, cells}) {
  const x = to;
  const y = [...from].reverse();
  const max = Math.max(1, ...cells.filter(c => c.from !== c.to).map(c => c.count));
  // Shades of amber by hand rather than ECharts' visualMap component: one fewer module in the bundle.
  const color = c => (c.from === c.to ? COLORS.grid : mix(MOVED_FEW, COLORS.changed, c.count / max));
  return mount(el, 'heatmap', {
    grid: {left: 8, right: 16, top: 8, bottom: 36, containLabel: true},
    tooltip: {formatter: p => `${y[p.value[1]]} → ${x[p.value[0]]}: ${fmt.count(p.value[2], 'decision')}`},
    xAxis: {type: 'category', data: x, name: 'candidate', nameLocation: 'middle', nameGap: 26,
      axisLabel: {...axisLabel, color: COLORS.text, interval: 0, width: 120, overflow: 'truncate'}},
    yAxis: {type: 'category', data: y, axisLabel: {...axisLabel, color: COLORS.text, width: 160, overflow: 'truncate'}},
    series: [{type: 'heatmap', data: cells.map(c => ({value: [x.indexOf(c.to), y.indexOf(c.from), c.count],
      itemStyle: {color: color(c), borderColor: '#fff', borderWidth: 2}})),
    label: {show: true, formatter: p => fmt.number(p.value[2]), color: COLORS.text}}],
  });
}

const MOVED_FEW = '#fde7c2';

/** The colour `share` (0–1) of the way from hex colour `a` to `b`. */
function mix(a, b, share) {
  const channels = hex => [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
  const [ca, cb] = [channels(a), channels(b)];
  return `rgb(${ca.map((v, i) => Math.round(v + (cb[i] - v) * share)).join(',')})`;
}

/** A ring of shares: `slices` [{name, value, color?}], the legend giving each one's count and share. */
export function ring(el, slices) {
  let counts = new Map();
  const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
  const chart = mount(el, 'ring', {
    tooltip: {trigger: 'item', formatter: p => `${p.name}: ${fmt.number(p.value)} (${fmt.percent(p.percent / 100)})`},
    legend: {orient: 'vertical', right: 0, top: 'middle', itemWidth: 12, itemHeight: 12, textStyle: {color: COLORS.text},
      formatter: name => `${name}  ${fmt.number(counts.get(name) ?? 0)} (${fmt.percent(total() ? (counts.get(name) ?? 0) / total() : 0)})`},
    series: [{type: 'pie', radius: ['48%', '78%'], center: ['32%', '50%'], label: {show: false}, data: []}],
  });
  const update = next => {
    counts = new Map(next.map(s => [s.name, s.value]));
    chart.update({series: [{data: next.map(s => ({name: s.name, value: s.value, itemStyle: s.color ? {color: s.color} : undefined}))}]});
  };
  update(slices);
  return {update, dispose: chart.dispose};
}

/**
 * A rolling line over the last `windowMs`: `points` [[timeMillis, value]]; `format` writes a value for people.
 * update(points) redraws it with the newest window.
 */
export function timeLine(el, {name, windowMs, color = COLORS.accent, format = fmt.number}) {
  const chart = mount(el, 'line', {
    grid: {left: 8, right: 16, top: 12, bottom: 8, containLabel: true},
    tooltip: {trigger: 'axis', valueFormatter: format},
    xAxis: {type: 'time', axisLabel: {...axisLabel, hideOverlap: true}, splitLine: {show: false}},
    yAxis: {type: 'value', min: 0, axisLabel: {...axisLabel, formatter: format}, splitLine},
    // Symbols on: the first reading is a lone point, which a line alone would not show.
    series: [{type: 'line', name, showSymbol: true, symbolSize: 5, smooth: false, lineStyle: {color, width: 2},
      itemStyle: {color}, areaStyle: {color, opacity: 0.08}, data: []}],
  });
  // The axis always spans the whole window, so the first readings appear at its right edge rather than stretched across it.
  const update = points => chart.update({
    xAxis: points.length ? {min: points.at(-1)[0] - windowMs, max: points.at(-1)[0]} : {},
    series: [{data: points}],
  });
  return {update, dispose: chart.dispose};
}
