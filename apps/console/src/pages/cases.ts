import { useState } from 'preact/hooks';
import { download, Principal } from '../api';
import { EVENT_LABELS, label, options } from '../labels';
import {
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

interface CasePerson {
  personId: string;
  name: string;
  post: string;
  department: string;
  responsibility: string;
  notice: { servedOn: string; answerBy: string } | null;
  decision: { outcome: string; tier?: string; measures: string[] } | null;
}

interface Case {
  id: string;
  status: string;
  grounds: number[];
  departments: string[];
  summary: string;
  openedAt: string;
  alerts: string[];
  persons: CasePerson[];
  investigation?: { facts: string } | null;
  closure?: { summary: string; closedAt: string } | null;
  publication?: { channel: string; publishedOn: string } | null;
}

interface ReconstructionEvent {
  position: number;
  streamId: string;
  version: number;
  eventId: string;
  type: string;
  recordedAt: string;
  claimedAt?: string | null;
  actor?: { id: string; role: string };
  hash: string;
}

interface Reconstruction {
  caseId: string;
  streams: { streamId: string; events: number }[];
  events: ReconstructionEvent[];
  integrity: { streamId: string; eventsChecked: number; intact: boolean }[];
}

const tierOf = (c: Case): string[] => [
  ...new Set(c.persons.map((p) => p.decision?.tier).filter((t): t is string => t !== undefined)),
];

/**
 * 责任追究: the cases the key may read with their filters; a case's state, its reconstruction as one timeline of
 * every event of every stream it touches (in the order of the log, with the claimed and the recorded time and each
 * stream's hash chain checked), and the download of its dossier, which `npm run cli -- dossier verify` checks.
 */
export function CasesPage({ me, params }: { me: Principal; params: URLSearchParams }) {
  const [status, setStatus] = useState('');
  const [tier, setTier] = useState('');
  const [ground, setGround] = useState('');
  const [department, setDepartment] = useState('');
  const [selected, setSelected] = useState<string | null>(params.get('id'));
  const filters = { status, tier, ground, department: me.role === 'department' ? undefined : department };
  const { list, rows, paging } = useCursorList<Case>('/v1/cases', filters);
  return html`<${Page} title="责任追究">
    <div class="filters">
      <${Field} label="状态"
        ><${Select} name="status" value=${status} onChange=${setStatus} options=${options('caseStatus')}
      /><//>
      <${Field} label="情节"
        ><${Select} name="tier" value=${tier} onChange=${setTier} options=${options('caseTier')}
      /><//>
      <${Field} label="情形"
        ><${Select}
          name="ground"
          value=${ground}
          onChange=${setGround}
          options=${options('alertGround').map((o) => ({ value: o.value, label: `${o.value}. ${o.label}` }))}
      /><//>
      ${me.role === 'department' ? null : html`<${Field} label="部门"><${TextInput} name="department" value=${department} onChange=${setDepartment} placeholder="部门代码" /><//>`}
    </div>
    <${ListStatus} list=${list} />
    <${Table}
      testId="cases"
      rows=${rows}
      onRow=${(c: Case) => setSelected(c.id)}
      columns=${[
        { title: '案号', cell: (c: Case) => html`<code>${c.id}</code>` },
        { title: '事由', cell: (c: Case) => c.summary },
        { title: '情形', cell: (c: Case) => c.grounds.map((g) => `第${g}项`).join('、') },
        { title: '部门', cell: (c: Case) => c.departments.join('、') },
        { title: '立案', cell: (c: Case) => when(c.openedAt) },
        {
          title: '情节',
          cell: (c: Case) =>
            tierOf(c).map((t) => html`<${Tag} tone=${t === 'severe' ? 'bad' : 'warn'}>${label('caseTier', t)}<//> `),
        },
        { title: '状态', cell: (c: Case) => label('caseStatus', c.status) },
      ]}
    />
    <${Pager} paging=${paging} />
    ${selected ? html`<${CaseDetail} id=${selected} onClose=${() => setSelected(null)} />` : null}
  <//>`;
}

function CaseDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const path = `/v1/cases/${encodeURIComponent(id)}`;
  const state = useGet<Case>(path);
  const [showReconstruction, setShowReconstruction] = useState(false);
  const reconstruction = useGet<Reconstruction>(showReconstruction ? `${path}/reconstruction` : null);
  const dossier = useAction();
  const c = state.data;
  return html`<${Detail} title=${`案件 ${id}`} onClose=${onClose}>
    <${ErrorBox} error=${state.error} />
    ${
      c
        ? html`<${KeyValues}
              rows=${[
                ['事由', c.summary],
                ['情形', c.grounds.map((g) => `第${g}项 ${label('alertGround', g)}`).join('；')],
                ['部门', c.departments.join('、')],
                ['立案时间', when(c.openedAt)],
                ['状态', label('caseStatus', c.status)],
                ['来源红黄牌', c.alerts.map((a) => html`<a href=${`#/alerts?id=${encodeURIComponent(a)}`}>${a}</a> `)],
                ['调查结论', c.investigation?.facts ?? '—'],
                ['结案', c.closure ? `${when(c.closure.closedAt)} ${c.closure.summary}` : '—'],
                ['通报', c.publication ? `${c.publication.publishedOn} ${c.publication.channel}` : '—'],
              ]}
            />
            <h3>责任人员</h3>
            <${Table}
              rows=${c.persons}
              columns=${[
                { title: '姓名', cell: (p: CasePerson) => p.name },
                { title: '职务', cell: (p: CasePerson) => p.post },
                { title: '责任', cell: (p: CasePerson) => label('responsibility', p.responsibility) },
                {
                  title: '告知',
                  cell: (p: CasePerson) => (p.notice ? `${p.notice.servedOn}，${p.notice.answerBy} 前陈述申辩` : '—'),
                },
                {
                  title: '处理',
                  cell: (p: CasePerson) =>
                    p.decision
                      ? `${p.decision.tier ? label('caseTier', p.decision.tier) : label('personOutcome', p.decision.outcome)} ${p.decision.measures.map((m) => label('caseMeasure', m)).join('、')}`
                      : '—',
                },
              ]}
            />`
        : null
    }
    <div class="actions">
      <button class="primary" data-action="reconstruction" onClick=${() => setShowReconstruction(true)}>
        还原案件经过
      </button>
      <button
        data-action="dossier"
        disabled=${dossier.busy}
        onClick=${() => dossier.run(() => download(`${path}/dossier`, `${id}.zip`))}
      >
        下载案卷
      </button>
    </div>
    <${ErrorBox} error=${dossier.error ?? reconstruction.error} />
    ${
      reconstruction.data
        ? html`<h3>还原（${reconstruction.data.events.length} 个事件，${reconstruction.data.streams.length} 个流）</h3>
            <p data-testid="integrity">
              ${reconstruction.data.integrity.map(
                (i) =>
                  html`<${Tag} tone=${i.intact ? 'ok' : 'bad'}
                    >${i.streamId}：${i.intact ? `哈希链完整（${i.eventsChecked}）` : '哈希链断裂'}<//
                  > `,
              )}
            </p>
            <div data-testid="reconstruction">
              <${Timeline}
                items=${reconstruction.data.events.map((e) => ({
                  key: e.eventId,
                  title: html`${EVENT_LABELS[e.type] ?? ''} <strong>${e.type}</strong>
                    <span class="muted">#${e.position} · ${e.streamId} v${e.version}</span>`,
                  claimed: e.claimedAt ?? null,
                  recorded: e.recordedAt,
                  body: html`<span class="mono muted">${e.hash.slice(0, 16)}…</span
                    >${e.actor ? ` ${label('actorRole', e.actor.role)}` : ''}`,
                }))}
              />
            </div>`
        : null
    }
  <//>`;
}
