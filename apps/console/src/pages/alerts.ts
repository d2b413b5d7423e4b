import { useEffect, useState } from 'preact/hooks';
import { followAlerts, post, Principal } from '../api';
import { label, options } from '../labels';
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
  useAction,
  useCursorList,
  useGet,
  when,
} from '../ui';

export interface Alert {
  id: string;
  ground: number;
  level: 'red' | 'yellow';
  department: string;
  subject: { kind: string; id: string };
  cause: string;
  evidence: string[];
  message: string;
  raisedAt: string;
  status: string;
  notes: { kind: string; note?: string; explanation?: string; reason?: string; by?: string; at?: string }[];
  cases?: string[];
  version: number;
}

/**
 * 红黄牌: the alerts the key may see, newest first, with filters; new ones arrive live (Server-Sent Events) and are
 * marked until looked at. An alert opens with its evidence and history and the actions of the reader's role: the
 * department answers (解释说明), the office acknowledges, accepts or sends back an answer, or resolves; an
 * investigator escalates it to an accountability case.
 */
export function AlertsPage({ me, params }: { me: Principal; params: URLSearchParams }) {
  const [level, setLevel] = useState(params.get('level') ?? '');
  const [ground, setGround] = useState(params.get('ground') ?? '');
  const [status, setStatus] = useState(params.get('status') ?? '');
  const [department, setDepartment] = useState('');
  const [selected, setSelected] = useState<string | null>(params.get('id'));
  const [live, setLive] = useState<Alert[]>([]);
  const [stream, setStream] = useState<'connecting' | 'connected' | 'reconnecting'>('connecting');
  const filters = { level, ground, status, department: me.role === 'department' ? undefined : department };
  const key = JSON.stringify(filters);
  const { list, rows, paging } = useCursorList<Alert>('/v1/alerts', filters);

  useEffect(
    () => followAlerts<Alert>((alert) => setLive((previous) => [alert, ...previous].slice(0, 200)), setStream),
    [],
  );
  useEffect(() => setLive([]), [key, list.data]);

  const matches = (a: Alert) =>
    (!level || a.level === level) &&
    (!ground || String(a.ground) === ground) &&
    (!status || a.status === status) &&
    (!filters.department || a.department === filters.department);
  const fresh = paging.page === 0 ? live.filter((a) => matches(a) && !rows.some((l) => l.id === a.id)) : [];
  const shown = [...fresh, ...rows];
  const freshIds = new Set(fresh.map((a) => a.id));

  return html`<${Page}
    title="红黄牌"
    actions=${html`<span class=${`live ${stream}`} data-testid="live-state">
      ${stream === 'connected' ? '● 实时' : stream === 'reconnecting' ? '○ 重新连接中' : '○ 连接中'}
    </span>`}
  >
    <div class="filters">
      <${Field} label="级别"
        ><${Select} name="level" value=${level} onChange=${setLevel} options=${options('alertLevel')}
      /><//>
      <${Field} label="情形">
        <${Select}
          name="ground"
          value=${ground}
          onChange=${setGround}
          options=${options('alertGround').map((o) => ({ value: o.value, label: `${o.value}. ${o.label}` }))}
        />
      <//>
      <${Field} label="状态"
        ><${Select} name="status" value=${status} onChange=${setStatus} options=${options('alertStatus')}
      /><//>
      ${
        me.role === 'department'
          ? null
          : html`<${Field} label="部门"
              ><${TextInput} name="department" value=${department} onChange=${setDepartment} placeholder="部门代码"
            /><//>`
      }
    </div>
    <${ListStatus} list=${list} />
    <${Table}
      testId="alerts"
      rows=${shown}
      onRow=${(a: Alert) => setSelected(a.id)}
      columns=${[
        { title: '', cell: (a: Alert) => (freshIds.has(a.id) ? html`<${Tag} tone="bad">新</${Tag}>` : null) },
        { title: '级别', cell: (a: Alert) => html`<${LevelBadge} level=${a.level} />` },
        {
          title: '情形',
          cell: (a: Alert) => html`<span title=${label('alertGround', a.ground)}>第${a.ground}项</span>`,
        },
        { title: '部门', cell: (a: Alert) => a.department },
        { title: '对象', cell: (a: Alert) => `${label('alertSubjectKind', a.subject.kind)} ${a.subject.id}` },
        { title: '说明', cell: (a: Alert) => a.message.split(' / ')[0] },
        { title: '发出时间', cell: (a: Alert) => when(a.raisedAt) },
        { title: '状态', cell: (a: Alert) => label('alertStatus', a.status) },
      ]}
    />
    <${Pager} paging=${paging} />
    ${
      selected
        ? html`<${AlertDetail} id=${selected} me=${me} onClose=${() => setSelected(null)} onChanged=${list.reload} />`
        : null
    }
  <//>`;
}

function AlertDetail({
  id,
  me,
  onClose,
  onChanged,
}: {
  id: string;
  me: Principal;
  onClose: () => void;
  onChanged: () => void;
}) {
  const alert = useGet<Alert>(`/v1/alerts/${encodeURIComponent(id)}`);
  const action = useAction();
  const [text, setText] = useState('');
  const a = alert.data;
  const path = `/v1/alerts/${encodeURIComponent(id)}`;
  const act = async (suffix: string, body: object) => {
    if (await action.run(() => post(`${path}/${suffix}`, body, a ? { 'If-Match': `"${a.version}"` } : {}))) {
      setText('');
      alert.reload();
      onChanged();
    }
  };
  const escalate = async () => {
    if (!a) return;
    const opened = await action.run(async () => {
      const created = await post<{ id: string }>('/v1/cases', {
        origins: [{ kind: 'alert', id: a.id }],
        grounds: [a.ground],
        departments: [a.department],
        summary: text || a.message.split(' / ')[0],
        openedAt: new Date().toISOString(),
      });
      location.hash = `#/cases?id=${encodeURIComponent(created.id)}`;
    });
    if (opened) onChanged();
  };
  const answered = a !== undefined && a.notes[a.notes.length - 1]?.kind === 'answer' && a.status !== 'resolved';
  return html`<${Detail} title=${`红黄牌 ${id}`} onClose=${onClose}>
    <${ErrorBox} error=${alert.error} />
    ${
      a
        ? html`<${KeyValues}
              rows=${[
                ['级别', html`<${LevelBadge} level=${a.level} />`],
                ['情形', `第${a.ground}项 ${label('alertGround', a.ground)}`],
                ['部门', a.department],
                [
                  '对象',
                  html`<a
                    href=${a.subject.kind === 'operation' ? `#/operations?id=${encodeURIComponent(a.subject.id)}` : '#/supervision'}
                    >${label('alertSubjectKind', a.subject.kind)} ${a.subject.id}</a
                  >`,
                ],
                ['说明', a.message],
                ['发出时间', when(a.raisedAt)],
                ['状态', label('alertStatus', a.status)],
                [
                  '证据（事件 ID）',
                  html`<ul class="mono">
                    ${a.evidence.map((e) => html`<li>${e}</li>`)}
                  </ul>`,
                ],
                [
                  '责任追究',
                  a.cases?.length
                    ? a.cases.map((c) => html`<a href=${`#/cases?id=${encodeURIComponent(c)}`}>${c}</a> `)
                    : '—',
                ],
              ]}
            />
            <h3>处理记录</h3>
            ${
              a.notes.length === 0
                ? html`<p class="muted">暂无</p>`
                : html`<ol class="notes">
                    ${a.notes.map(
                      (n) =>
                        html`<li>
                          <strong>${noteLabel(n.kind)}</strong> ${when(n.at)}
                          ${n.explanation ?? n.note ?? n.reason ?? ''}
                        </li>`,
                    )}
                  </ol>`
            }
            ${
              a.status !== 'resolved'
                ? html`<div class="actions">
                    <textarea
                      name="note"
                      value=${text}
                      onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
                      placeholder="说明 / 意见"
                    ></textarea>
                    ${
                      me.role === 'department'
                        ? html`<button
                            class="primary"
                            disabled=${!text || action.busy}
                            onClick=${() => act('answers', { explanation: text })}
                          >
                            提交解释说明
                          </button>`
                        : null
                    }
                    ${
                      me.role === 'supervisor'
                        ? html`
                            ${a.status === 'open' ? html`<button disabled=${action.busy} onClick=${() => act('acknowledgement', text ? { note: text } : {})}>确认</button>` : null}
                            ${answered ? html`<button class="primary" disabled=${action.busy} onClick=${() => act('answer-acceptance', text ? { note: text } : {})}>采纳解释</button>` : null}
                            ${answered ? html`<button disabled=${!text || action.busy} onClick=${() => act('answer-rejection', { reason: text })}>退回</button>` : null}
                            <button disabled=${!text || action.busy} onClick=${() => act('resolution', { note: text })}>
                              办结
                            </button>
                          `
                        : null
                    }
                    ${
                      me.role === 'investigator'
                        ? html`<button class="danger" disabled=${action.busy} onClick=${escalate}>立案追责</button>`
                        : null
                    }
                  </div>`
                : null
            }
            <${ErrorBox} error=${action.error} />`
        : null
    }
  <//>`;
}

function noteLabel(kind: string): string {
  return (
    {
      acknowledgement: '确认',
      resolution: '办结',
      answer: '解释说明',
      'answer-accepted': '采纳',
      'answer-rejected': '退回',
    }[kind] ?? kind
  );
}
