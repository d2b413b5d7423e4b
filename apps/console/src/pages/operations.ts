import { useState } from 'preact/hooks';
import { Principal } from '../api';
import { EVENT_LABELS, label, options } from '../labels';
import {
  Detail,
  ErrorBox,
  Field,
  html,
  KeyValues,
  LevelBadge,
  ListStatus,
  Page,
  Pager,
  Select,
  Table,
  Tag,
  TextInput,
  Timeline,
  useCursorList,
  useGet,
  when,
} from '../ui';

interface Deadlines {
  committed: string;
  legal: string;
}

interface Operation {
  id: string;
  powerCode: string;
  department: string;
  caseNumber: string;
  counterparty: { kind: string; name: string };
  handlers: { name: string; post: string }[];
  acceptedAt: string;
  status: string;
  power: { name?: string; code: string } | null;
  deadlines: Deadlines | null;
  deadlinesPending: { years: number[] } | null;
  overdue: boolean;
  pausedAt: string | null;
  steps: { kind: string; at: string; by: string; note?: string; version: number }[];
  extensions: { pausedDays: number; pausedAt: string; resumedAt: string; procedure: string; deadlines: Deadlines }[];
  decision: { outcome: string; at: string } | null;
  completedAt: string | null;
  alerts: { id: string; level: string; ground: number; message: string }[];
  registeredAt: string;
}

interface TimelineEvent {
  type: string;
  version: number;
  position: number;
  eventId: string;
  recordedAt: string;
  claimedAt?: string | null;
  actor?: { id: string; role: string };
  data?: { kind?: string; note?: string };
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '—');

/**
 * 权力运行: the register of important power operations with its filters, and an operation's timeline: for every
 * event the time it claims (when it happened) beside the time it was recorded, its deadlines and their extensions.
 */
export function OperationsPage({ me, params }: { me: Principal; params: URLSearchParams }) {
  const [department, setDepartment] = useState('');
  const [powerCode, setPowerCode] = useState('');
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState(params.get('overdue') ?? '');
  const [acceptedFrom, setFrom] = useState('');
  const [acceptedTo, setTo] = useState('');
  const [selected, setSelected] = useState<string | null>(params.get('id'));
  const filters = {
    department: me.role === 'department' ? undefined : department,
    powerCode,
    status,
    overdue,
    acceptedFrom,
    acceptedTo,
  };
  const { list, rows, paging } = useCursorList<Operation>('/v1/operations', filters);
  return html`<${Page} title="权力运行">
    <div class="filters">
      ${me.role === 'department' ? null : html`<${Field} label="部门"><${TextInput} name="department" value=${department} onChange=${setDepartment} placeholder="部门代码" /><//>`}
      <${Field} label="职权编码"><${TextInput} name="powerCode" value=${powerCode} onChange=${setPowerCode} /><//>
      <${Field} label="状态"
        ><${Select} name="status" value=${status} onChange=${setStatus} options=${options('operationStatus')}
      /><//>
      <${Field} label="超期">
        <${Select}
          name="overdue"
          value=${overdue}
          onChange=${setOverdue}
          options=${[
            { value: 'true', label: '超期' },
            { value: 'false', label: '未超期' },
          ]}
        />
      <//>
      <${Field} label="受理自"
        ><${TextInput} name="acceptedFrom" type="date" value=${acceptedFrom} onChange=${setFrom}
      /><//>
      <${Field} label="至"><${TextInput} name="acceptedTo" type="date" value=${acceptedTo} onChange=${setTo} /><//>
    </div>
    <${ListStatus} list=${list} />
    <${Table}
      testId="operations"
      rows=${rows}
      onRow=${(o: Operation) => setSelected(o.id)}
      columns=${[
        { title: '编号', cell: (o: Operation) => html`<code>${o.id}</code>` },
        { title: '文号', cell: (o: Operation) => o.caseNumber },
        { title: '职权', cell: (o: Operation) => o.power?.name ?? o.powerCode },
        { title: '部门', cell: (o: Operation) => o.department },
        { title: '受理', cell: (o: Operation) => when(o.acceptedAt) },
        { title: '承诺期限', cell: (o: Operation) => day(o.deadlines?.committed) },
        {
          title: '状态',
          cell: (o: Operation) =>
            html`${label('operationStatus', o.status)} ${o.overdue ? html`<${Tag} tone="bad">超期<//>` : null}`,
        },
        { title: '红黄牌', cell: (o: Operation) => o.alerts.map((a) => html`<${LevelBadge} level=${a.level} /> `) },
      ]}
    />
    <${Pager} paging=${paging} />
    ${selected ? html`<${OperationDetail} id=${selected} onClose=${() => setSelected(null)} />` : null}
  <//>`;
}

function OperationDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const operation = useGet<Operation>(`/v1/operations/${encodeURIComponent(id)}`);
  const timeline = useGet<{ items: TimelineEvent[] }>(`/v1/operations/${encodeURIComponent(id)}/timeline`);
  const o = operation.data;
  return html`<${Detail} title=${`办件 ${id}`} onClose=${onClose}>
    <${ErrorBox} error=${operation.error} />
    ${
      o
        ? html`<${KeyValues}
              rows=${[
                ['文号', o.caseNumber],
                ['职权', `${o.powerCode} ${o.power?.name ?? ''}`],
                ['部门', o.department],
                ['相对人', `${o.counterparty.name}（${label('counterpartyKind', o.counterparty.kind)}）`],
                ['承办人', o.handlers.map((h) => `${h.name}（${h.post}）`).join('、')],
                ['受理时间', when(o.acceptedAt)],
                ['登记时间', when(o.registeredAt)],
                [
                  '期限',
                  o.deadlines
                    ? `承诺 ${day(o.deadlines.committed)}，法定 ${day(o.deadlines.legal)}`
                    : o.deadlinesPending
                      ? `待 ${o.deadlinesPending.years.join('、')} 年工作日历发布后计算`
                      : '—',
                ],
                [
                  '状态',
                  html`${label('operationStatus', o.status)}
                  ${o.overdue ? html`<${Tag} tone="bad">超期<//>` : html`<${Tag} tone="ok">未超期<//>`}`,
                ],
                ['办结时间', when(o.completedAt)],
              ]}
            />
            ${
              o.extensions.length > 0
                ? html`<h3>暂停与顺延</h3>
                    <ul>
                      ${o.extensions.map((e) => html`<li>${label('pauseKind', e.procedure)}：${when(e.pausedAt)} 至 ${when(e.resumedAt)}，顺延 ${e.pausedDays} 日，承诺期限改为 ${day(e.deadlines.committed)}</li>`)}
                    </ul>`
                : null
            }
            ${
              o.alerts.length > 0
                ? html`<h3>红黄牌</h3>
                    <ul>
                      ${o.alerts.map((a) => html`<li><${LevelBadge} level=${a.level} /> <a href=${`#/alerts?id=${encodeURIComponent(a.id)}`}>第${a.ground}项</a> ${a.message.split(' / ')[0]}</li>`)}
                    </ul>`
                : null
            }`
        : null
    }
    <h3>时间线（发生时间 / 记录时间）</h3>
    <${ErrorBox} error=${timeline.error} />
    <${Timeline}
      items=${(timeline.data?.items ?? []).map((e) => ({
        key: e.eventId,
        title: html`<strong>${EVENT_LABELS[e.type] ?? e.type}</strong
          >${e.data?.kind ? ` · ${label('stepKind', e.data.kind)}` : ''} <span class="muted">#${e.position}</span>`,
        claimed: e.claimedAt ?? null,
        recorded: e.recordedAt,
        body: e.data?.note,
      }))}
    />
  <//>`;
}
