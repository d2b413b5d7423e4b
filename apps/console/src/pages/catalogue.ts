import { useState } from 'preact/hooks';
import { post, Principal, query } from '../api';
import { EVENT_LABELS, label, options } from '../labels';
import {
  Card,
  Detail,
  ErrorBox,
  Field,
  html,
  KeyValues,
  ListStatus,
  Page,
  Pager,
  Select,
  Table,
  Tag,
  TextInput,
  Timeline,
  useAction,
  useCursorList,
  useGet,
  when,
} from '../ui';

interface Power {
  code: string;
  name: string;
  category: string;
  department: string;
  important: boolean;
  status: string;
  effectiveFrom: string;
  timeLimit: { unit: string; legalDays: number; committedDays: number } | null;
  legalBasis?: { title: string; article: string }[];
  publication?: { lastPublishedOn: string | null; overdue: boolean; dueBy: string | null };
  classification?: { classified: boolean };
  version: number;
  asOf?: string;
}

interface TimelineEntry {
  type: string;
  version: number;
  position: number;
  eventId: string;
  recordedAt: string;
  actor?: { id: string; role: string };
  effectiveFrom?: string;
  publishedOn?: string;
  reason?: string;
}

interface Proposal {
  proposalId: string;
  code: string;
  department: string;
  kind: string;
  status: string;
  recordedAt?: string;
}

/**
 * 职权目录: the catalogue as in force on a date (asOf) and as it had been recorded at an instant (knownAt), a
 * power's timeline with the time each fact was recorded, and the proposals awaiting review.
 */
export function CataloguePage({ me, params }: { me: Principal; params: URLSearchParams }) {
  const [department, setDepartment] = useState(me.role === 'department' ? (me.department ?? '') : '');
  const [category, setCategory] = useState('');
  const [q, setQ] = useState('');
  const [asOf, setAsOf] = useState('');
  const [knownAt, setKnownAt] = useState('');
  const [selected, setSelected] = useState<string | null>(params.get('code'));
  const known = knownAt ? `${knownAt}:00+08:00` : undefined;
  const filters = { department, category, q, asOf, knownAt: known };
  const { list, rows, paging } = useCursorList<Power>('/v1/powers', filters);
  const reviewing = me.role === 'reviewer' || me.role === 'department';
  return html`<${Page} title="职权目录">
    <div class="filters">
      <${Field} label="部门"
        ><${TextInput} name="department" value=${department} onChange=${setDepartment} placeholder="部门代码"
      /><//>
      <${Field} label="类别"
        ><${Select} name="category" value=${category} onChange=${setCategory} options=${options('powerCategory')}
      /><//>
      <${Field} label="名称"><${TextInput} name="q" value=${q} onChange=${setQ} placeholder="关键词" /><//>
      <${Field} label="生效于（as of）"><${TextInput} name="asOf" type="date" value=${asOf} onChange=${setAsOf} /><//>
      <${Field} label="记录于（as known at）"
        ><${TextInput} name="knownAt" type="datetime-local" value=${knownAt} onChange=${setKnownAt}
      /><//>
    </div>
    <${ListStatus} list=${list} />
    <${Table}
      testId="powers"
      rows=${rows}
      onRow=${(p: Power) => setSelected(p.code)}
      columns=${[
        { title: '编码', cell: (p: Power) => html`<code>${p.code}</code>` },
        { title: '名称', cell: (p: Power) => p.name },
        { title: '类别', cell: (p: Power) => label('powerCategory', p.category) },
        { title: '部门', cell: (p: Power) => p.department },
        {
          title: '时限（法定/承诺）',
          cell: (p: Power) =>
            p.timeLimit
              ? `${p.timeLimit.legalDays}/${p.timeLimit.committedDays} ${label('timeLimitUnit', p.timeLimit.unit)}`
              : '—',
        },
        { title: '重要', cell: (p: Power) => (p.important ? html`<${Tag} tone="warn">重要<//>` : '') },
        { title: '状态', cell: (p: Power) => label('powerStatus', p.status) },
        {
          title: '公开',
          cell: (p: Power) =>
            p.publication?.overdue ? html`<${Tag} tone="bad">逾期未公开<//>` : (p.publication?.lastPublishedOn ?? '—'),
        },
      ]}
    />
    <${Pager} paging=${paging} />
    ${reviewing ? html`<${Proposals} me=${me} />` : null}
    ${selected ? html`<${PowerDetail} code=${selected} asOf=${asOf} knownAt=${known} onClose=${() => setSelected(null)} />` : null}
  <//>`;
}

function PowerDetail({
  code,
  asOf,
  knownAt,
  onClose,
}: {
  code: string;
  asOf: string;
  knownAt?: string;
  onClose: () => void;
}) {
  const power = useGet<Power>(`/v1/powers/${encodeURIComponent(code)}${query({ asOf, knownAt })}`);
  const timeline = useGet<{ items: TimelineEntry[] }>(`/v1/powers/${encodeURIComponent(code)}/timeline`);
  const p = power.data;
  return html`<${Detail} title=${`${code}`} onClose=${onClose}>
    <${ErrorBox} error=${power.error} />
    ${
      p
        ? html`<${KeyValues}
            rows=${[
              ['名称', p.name],
              ['类别', label('powerCategory', p.category)],
              ['实施部门', p.department],
              ['状态', label('powerStatus', p.status)],
              ['生效日期', p.effectiveFrom],
              [
                '办理时限',
                p.timeLimit
                  ? `法定 ${p.timeLimit.legalDays}，承诺 ${p.timeLimit.committedDays}（${label('timeLimitUnit', p.timeLimit.unit)}）`
                  : '—',
              ],
              ['法律依据', (p.legalBasis ?? []).map((b) => `${b.title}${b.article}`).join('；') || '—'],
              ['最近公开', p.publication?.lastPublishedOn ?? '—'],
            ]}
          />`
        : null
    }
    <h3>时间线</h3>
    <${ErrorBox} error=${timeline.error} />
    <${Timeline}
      items=${(timeline.data?.items ?? []).map((e) => ({
        key: e.eventId,
        title: html`<strong>${EVENT_LABELS[e.type] ?? e.type}</strong>
          <span class="muted">v${e.version} · #${e.position}</span>`,
        claimed: e.effectiveFrom ?? e.publishedOn ?? null,
        recorded: e.recordedAt,
        body: e.actor ? `${label('actorRole', e.actor.role)}${e.reason ? `：${e.reason}` : ''}` : undefined,
      }))}
    />
  <//>`;
}

function Proposals({ me }: { me: Principal }) {
  const list = useGet<{ items: Proposal[] }>(`/v1/powers/proposals${query({ status: 'pending', limit: 50 })}`);
  const action = useAction();
  const decide = async (p: Proposal, verdict: 'approval' | 'rejection') => {
    const body = verdict === 'approval' ? {} : { reason: '请补充审核材料' };
    if (
      await action.run(() =>
        post(`/v1/powers/${encodeURIComponent(p.code)}/proposals/${encodeURIComponent(p.proposalId)}/${verdict}`, body),
      )
    )
      list.reload();
  };
  return html`<${Card} title="待审核的提请" wide>
    <${ErrorBox} error=${list.error ?? action.error} />
    <${Table}
      testId="proposals"
      rows=${list.data?.items ?? []}
      empty="没有待审核的提请"
      columns=${[
        { title: '编码', cell: (p: Proposal) => p.code },
        { title: '部门', cell: (p: Proposal) => p.department },
        { title: '类型', cell: (p: Proposal) => label('powerFactKind', p.kind) },
        { title: '提请时间', cell: (p: Proposal) => when(p.recordedAt) },
        {
          title: '',
          cell: (p: Proposal) =>
            me.role === 'reviewer'
              ? html`<button onClick=${() => decide(p, 'approval')}>通过</button>
                  <button onClick=${() => decide(p, 'rejection')}>退回</button>`
              : label('proposalStatus', p.status),
        },
      ]}
    />
  <//>`;
}
