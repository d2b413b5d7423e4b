import { useMemo, useState } from 'preact/hooks';
import { Principal, query } from '../api';
import { Chart } from '../chart';
import {
  Card,
  Column,
  Detail,
  ErrorBox,
  Field,
  html,
  Loading,
  Page,
  Select,
  Table,
  TextInput,
  useGet,
  when,
} from '../ui';

export interface Figure {
  key: string;
  label: string;
  value: number | null;
  link?: string;
}

interface Overview {
  scope: { from: string; to: string; period: string | null };
  figures: Figure[];
  departments?: { department: string; figures: Figure[] }[];
}

interface Series {
  months: { month: string; figures: Figure[] }[];
}

interface Evaluation {
  evaluationId: string;
  from: string;
  to: string;
  version?: number;
  tableVersion?: string;
  recordedAt: string;
  results: { department: string; score: number; rank: number; change: number | null; previousScore: number | null }[];
}

interface FigureItem {
  itemKind: string;
  itemId: string;
  department: string;
  occurredOn: string;
  recordedAt: string;
  value: number | null;
  href: string;
}

/** The figures shown as cards, in the order the office reads them. */
const HEADLINE = [
  'operations.registered',
  'operations.completedOnTime',
  'operations.completedLate',
  'operations.overdue',
  'operations.registeredLate',
  'alerts.red',
  'alerts.yellow',
  'alerts.open',
  'complaints.received',
  'complaints.closed',
  'rates.correction',
  'rates.rectification',
];

const RATE = /^rates\./;

const thisYear = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear());

/**
 * 总览: the dashboard figures for a period (year, quarter, month) and, if asked, as they stood on a date; charts of
 * the monthly series and of the cards by ground and level; the table per department; the latest evaluation's
 * ranking. A department key sees its own department only, as the API gives it. Each figure opens the items behind it.
 */
export function OverviewPage({ me }: { me: Principal }) {
  const [period, setPeriod] = useState(thisYear);
  const [asOf, setAsOf] = useState('');
  const [department, setDepartment] = useState(me.department ?? '');
  const [opened, setOpened] = useState<Figure | null>(null);
  const scope = query({ period, asOf });
  const own = me.role === 'department';
  const path = department
    ? `/v1/dashboard/departments/${encodeURIComponent(department)}${scope}`
    : `/v1/dashboard/overview${scope}`;
  const overview = useGet<Overview>(path);
  const year = period.slice(0, 4);
  const series = useGet<Series>(
    `/v1/dashboard/series${query({ from: `${year}-01-01`, to: `${year}-12-31`, department: department || undefined, asOf })}`,
  );
  const evaluations = useGet<{ items: Evaluation[] }>('/v1/evaluations');
  const departments = useGet<{ items: { code: string; name: string }[] }>('/v1/departments?limit=200');
  const names = new Map((departments.data?.items ?? []).map((d) => [d.code, d.name]));
  const figures = overview.data?.figures ?? [];
  const byKey = new Map(figures.map((f) => [f.key, f]));

  const seriesOption = useMemo(() => monthlyOption(series.data), [series.data]);
  const groundsOption = useMemo(() => groundsChart(figures), [figures]);
  const latest = evaluations.data?.items[evaluations.data.items.length - 1];

  return html`<${Page}
    title="总览"
    actions=${html`
      <${Field} label="期间">
        <${TextInput} name="period" value=${period} onChange=${setPeriod} placeholder="2026 / 2026-Q1 / 2026-03" />
      <//>
      <${Field} label="截至（as of）">
        <${TextInput} name="asOf" type="date" value=${asOf} onChange=${setAsOf} />
      <//>
      ${
        own
          ? null
          : html`<${Field} label="部门">
              <${Select}
                name="department"
                value=${department}
                onChange=${setDepartment}
                options=${(departments.data?.items ?? []).map((d) => ({ value: d.code, label: d.name }))}
              />
            <//>`
      }
    `}
  >
    <${ErrorBox} error=${overview.error} />
    <${Loading} when=${overview.loading && !overview.data} />
    ${
      overview.data
        ? html`<p class="muted" data-testid="overview-scope">
            ${department ? `${names.get(department) ?? department}：` : '全部部门：'}${overview.data.scope.from} 至
            ${overview.data.scope.to}${asOf ? `，按 ${asOf} 当日已记录的数据` : ''}
          </p>`
        : null
    }
    <div class="figures" data-testid="figures">
      ${HEADLINE.map((key) => byKey.get(key))
        .filter((f): f is Figure => f !== undefined)
        .map(
          (f) =>
            html`<button class="figure" data-figure=${f.key} onClick=${() => setOpened(f)} title="查看明细">
              <span class="figure-value">${f.value === null ? '—' : `${f.value}${RATE.test(f.key) ? '%' : ''}`}</span>
              <span class="figure-label">${f.label}</span>
            </button>`,
        )}
    </div>
    <div class="grid">
      <${Card} title="月度趋势"><${Chart} option=${seriesOption} testId="series-chart" /><//>
      <${Card} title="红黄牌（按情形）"><${Chart} option=${groundsOption} testId="grounds-chart" /><//>
    </div>
    ${
      overview.data?.departments
        ? html`<${Card} title="各部门" wide>
            <${DepartmentTable} rows=${overview.data.departments} names=${names} onPick=${setDepartment} />
          <//>`
        : null
    }
    <${Card}
      title=${latest ? `绩效考评排名（${latest.evaluationId}，${latest.from} 至 ${latest.to}）` : '绩效考评排名'}
      wide
    >
      ${
        latest
          ? html`<${Table}
                testId="ranking"
                rows=${latest.results.filter((r) => !own || r.department === me.department)}
                columns=${[
                  { title: '名次', cell: (r: Evaluation['results'][number]) => r.rank },
                  {
                    title: '部门',
                    cell: (r: Evaluation['results'][number]) => names.get(r.department) ?? r.department,
                  },
                  { title: '得分', cell: (r: Evaluation['results'][number]) => r.score },
                  {
                    title: '较上期',
                    cell: (r: Evaluation['results'][number]) =>
                      r.change === null ? '—' : r.change > 0 ? `+${r.change}` : String(r.change),
                  },
                ]}
              />
              <p class="muted">发布于 ${when(latest.recordedAt)}；已发布的考评结果不随后续记录改变。</p>`
          : html`<p class="muted">尚未发布考评结果。</p>`
      }
    <//>
    ${opened?.link ? html`<${FigureItems} figure=${opened} onClose=${() => setOpened(null)} />` : null}
  <//>`;
}

function DepartmentTable({
  rows,
  names,
  onPick,
}: {
  rows: { department: string; figures: Figure[] }[];
  names: Map<string, string>;
  onPick: (code: string) => void;
}) {
  const keys = rows[0]?.figures.map((f) => f.key) ?? [];
  const labels = new Map(rows[0]?.figures.map((f) => [f.key, f.label]) ?? []);
  const columns: Column<{ department: string; figures: Figure[] }>[] = [
    { title: '部门', cell: (r) => names.get(r.department) ?? r.department },
    ...keys.map((key) => ({
      title: labels.get(key) ?? key,
      className: 'num',
      cell: (r: { figures: Figure[] }) => {
        const f = r.figures.find((x) => x.key === key);
        return f?.value === null || f === undefined ? '—' : `${f.value}${RATE.test(key) ? '%' : ''}`;
      },
    })),
  ];
  return html`<${Table}
    testId="departments"
    rows=${rows}
    columns=${columns}
    onRow=${(r: { department: string }) => onPick(r.department)}
  />`;
}

/** The items behind a figure: the figure's own link, page by page. */
function FigureItems({ figure, onClose }: { figure: Figure; onClose: () => void }) {
  const items = useGet<{ items: FigureItem[] }>(`${figure.link}&limit=100`);
  return html`<${Detail} title=${`${figure.label}：${figure.value ?? '—'} 项`} onClose=${onClose}>
    <${ErrorBox} error=${items.error} />
    <${Table}
      testId="figure-items"
      rows=${items.data?.items ?? []}
      columns=${[
        { title: '事项', cell: (i: FigureItem) => html`<a href=${hrefOf(i)}>${i.itemId}</a>` },
        { title: '部门', cell: (i: FigureItem) => i.department },
        { title: '日期', cell: (i: FigureItem) => i.occurredOn },
        { title: '记录时间', cell: (i: FigureItem) => when(i.recordedAt) },
      ]}
    />
  <//>`;
}

/** Where the console shows an item of a figure. */
function hrefOf(item: FigureItem): string {
  const id = encodeURIComponent(item.itemId);
  switch (item.itemKind) {
    case 'operation':
      return `#/operations?id=${id}`;
    case 'alert':
      return `#/alerts?id=${id}`;
    case 'case':
      return `#/cases?id=${id}`;
    case 'complaint':
    case 'inspection':
    case 'finding':
    case 'rectification':
      return `#/supervision?kind=${item.itemKind}&id=${id}`;
    default:
      return `#/catalogue?code=${id}`;
  }
}

const valueOf = (figures: Figure[], key: string): number => figures.find((f) => f.key === key)?.value ?? 0;

function monthlyOption(series: Series | undefined) {
  const months = series?.months ?? [];
  const line = (name: string, key: string, type: 'bar' | 'line' = 'bar', color?: string) => ({
    name,
    type,
    data: months.map((m) => valueOf(m.figures, key)),
    ...(color ? { itemStyle: { color } } : {}),
  });
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: months.map((m) => m.month.slice(5) + '月') },
    yAxis: { type: 'value' },
    series: [
      line('登记', 'operations.registered', 'bar', '#5470c6'),
      line('按时办结', 'operations.completedOnTime', 'bar', '#91cc75'),
      line('超期办结', 'operations.completedLate', 'bar', '#fac858'),
      line('红牌', 'alerts.red', 'line', '#d9342b'),
      line('黄牌', 'alerts.yellow', 'line', '#e6a23c'),
    ],
  };
}

function groundsChart(figures: Figure[]) {
  const grounds = Array.from({ length: 10 }, (_, i) => i + 1);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: grounds.map((g) => `第${g}项`), axisLabel: { interval: 0 } },
    yAxis: { type: 'value' },
    series: [
      {
        name: '红牌',
        type: 'bar',
        stack: 'cards',
        itemStyle: { color: '#d9342b' },
        data: grounds.map((g) => valueOf(figures, `alerts.ground${g}.red`)),
      },
      {
        name: '黄牌',
        type: 'bar',
        stack: 'cards',
        itemStyle: { color: '#e6a23c' },
        data: grounds.map((g) => valueOf(figures, `alerts.ground${g}.yellow`)),
      },
    ],
  };
}
