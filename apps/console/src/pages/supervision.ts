import { useState } from 'preact/hooks';
import { post, Principal } from '../api';
import { label, options } from '../labels';
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
  TextInput,
  useAction,
  useCursorList,
  useGet,
  when,
} from '../ui';

type Kind = 'complaint' | 'inspection' | 'rectification';

interface Complaint {
  complaintId: string;
  status: string;
  department: string;
  version: number;
  received: {
    channel: string;
    receivedAt: string;
    summary: string;
    complainant: { disclosure: string; name?: string };
  };
  rounds: {
    round: number;
    department: string;
    replyDueOn: string | null;
    reply?: { reply: string; repliedAt: string };
  }[];
  closures: { result: string; satisfaction: string | null }[];
}

interface Inspection {
  status: string;
  version: number;
  plan: {
    inspectionId: string;
    title: string;
    kind: string;
    manner: string;
    plannedOn: string;
    scope: { departments: string[]; from: string; to: string };
  };
  sample?: {
    operationIds: string[];
    populationSize: number;
    seed: string;
    seedSource: string;
    atPosition: number;
    algorithm: string;
  };
  activities: { activityId: string; kind: string; at: string; who: string; opinions: string }[];
  report?: { summary: string };
}

interface Rectification {
  rectificationId: string;
  status: string;
  version: number;
  order: {
    department: string;
    orderedOn: string;
    dueOn: string | null;
    requirements: string;
    source: { kind: string; id: string };
  };
  reports: { reportNo: number; actions: string; reportedAt: string; outcome?: string }[];
}

const TABS: { kind: Kind; title: string; path: string; status: string }[] = [
  { kind: 'complaint', title: '投诉举报', path: '/v1/complaints', status: 'complaintStatus' },
  { kind: 'inspection', title: '查访', path: '/v1/inspections', status: 'inspectionStatus' },
  { kind: 'rectification', title: '整改', path: '/v1/rectifications', status: 'rectificationStatus' },
];

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * 投诉举报 / 查访 / 整改: the supervision office's three registers, each with its status filter, its detail and the
 * forms of the reader's role (the office records complaints and plans inspections; a department replies and reports
 * its rectification; the office accepts or sends it back).
 */
export function SupervisionPage({ me, params }: { me: Principal; params: URLSearchParams }) {
  const [kind, setKind] = useState<Kind>((params.get('kind') as Kind | null) ?? 'complaint');
  const [selected, setSelected] = useState<string | null>(params.get('id'));
  const tab = TABS.find((t) => t.kind === kind) ?? TABS[0];
  return html`<${Page}
    title="投诉举报 / 查访 / 整改"
    actions=${html`<div class="tabs">
      ${TABS.map(
        (t) =>
          html`<button
            class=${t.kind === kind ? 'active' : ''}
            data-tab=${t.kind}
            onClick=${() => {
              setKind(t.kind);
              setSelected(null);
            }}
          >
            ${t.title}
          </button>`,
      )}
    </div>`}
  >
    <${Register} key=${kind} tab=${tab} me=${me} onPick=${setSelected} />
    ${selected ? html`<${RecordDetail} kind=${kind} id=${selected} me=${me} onClose=${() => setSelected(null)} />` : null}
  <//>`;
}

function Register({ tab, me, onPick }: { tab: (typeof TABS)[number]; me: Principal; onPick: (id: string) => void }) {
  const [status, setStatus] = useState('');
  const { list, rows, paging } = useCursorList<Complaint | Inspection | Rectification>(tab.path, { status });
  return html`
    <div class="filters">
      <${Field} label="状态"
        ><${Select} name="status" value=${status} onChange=${setStatus} options=${options(tab.status)}
      /><//>
    </div>
    ${tab.kind === 'complaint' && me.role === 'supervisor' ? html`<${NewComplaint} onDone=${list.reload} />` : null}
    ${tab.kind === 'inspection' && me.role === 'supervisor' ? html`<${NewInspection} onDone=${list.reload} />` : null}
    <${ListStatus} list=${list} />
    ${
      tab.kind === 'complaint'
        ? html`<${Table}
            testId="complaints"
            rows=${rows as Complaint[]}
            onRow=${(c: Complaint) => onPick(c.complaintId)}
            columns=${[
              { title: '编号', cell: (c: Complaint) => c.complaintId },
              { title: '渠道', cell: (c: Complaint) => label('complaintChannel', c.received.channel) },
              { title: '被投诉部门', cell: (c: Complaint) => c.department },
              { title: '内容', cell: (c: Complaint) => c.received.summary },
              { title: '受理时间', cell: (c: Complaint) => when(c.received.receivedAt) },
              { title: '答复期限', cell: (c: Complaint) => c.rounds[c.rounds.length - 1]?.replyDueOn ?? '—' },
              { title: '状态', cell: (c: Complaint) => label('complaintStatus', c.status) },
            ]}
          />`
        : tab.kind === 'inspection'
          ? html`<${Table}
              testId="inspections"
              rows=${rows as Inspection[]}
              onRow=${(i: Inspection) => onPick(i.plan.inspectionId)}
              columns=${[
                { title: '编号', cell: (i: Inspection) => i.plan.inspectionId },
                { title: '名称', cell: (i: Inspection) => i.plan.title },
                {
                  title: '方式',
                  cell: (i: Inspection) =>
                    `${label('inspectionKind', i.plan.kind)} · ${label('inspectionManner', i.plan.manner)}`,
                },
                { title: '对象', cell: (i: Inspection) => i.plan.scope.departments.join('、') },
                {
                  title: '抽样',
                  cell: (i: Inspection) =>
                    i.sample ? `${i.sample.operationIds.length}/${i.sample.populationSize}` : '—',
                },
                { title: '状态', cell: (i: Inspection) => label('inspectionStatus', i.status) },
              ]}
            />`
          : html`<${Table}
              testId="rectifications"
              rows=${rows as Rectification[]}
              onRow=${(r: Rectification) => onPick(r.rectificationId)}
              columns=${[
                { title: '编号', cell: (r: Rectification) => r.rectificationId },
                { title: '部门', cell: (r: Rectification) => r.order.department },
                { title: '整改要求', cell: (r: Rectification) => r.order.requirements },
                { title: '下达', cell: (r: Rectification) => r.order.orderedOn },
                { title: '期限', cell: (r: Rectification) => r.order.dueOn ?? '—' },
                { title: '状态', cell: (r: Rectification) => label('rectificationStatus', r.status) },
              ]}
            />`
    }
    <${Pager} paging=${paging} />
  `;
}

function RecordDetail({ kind, id, me, onClose }: { kind: Kind; id: string; me: Principal; onClose: () => void }) {
  const tab = TABS.find((t) => t.kind === kind)!;
  const path = `${tab.path}/${encodeURIComponent(id)}`;
  const record = useGet<Complaint & Inspection & Rectification>(path);
  const action = useAction();
  const [text, setText] = useState('');
  const r = record.data;
  const act = async (suffix: string, body: object) => {
    if (await action.run(() => post(`${path}/${suffix}`, body, r ? { 'If-Match': `"${r.version}"` } : {}))) {
      setText('');
      record.reload();
    }
  };
  const now = new Date().toISOString();
  return html`<${Detail} title=${`${tab.title} ${id}`} onClose=${onClose}>
    <${ErrorBox} error=${record.error} />
    ${
      r && kind === 'complaint'
        ? html`<${KeyValues}
              rows=${[
                ['渠道', label('complaintChannel', r.received.channel)],
                ['受理时间', when(r.received.receivedAt)],
                [
                  '投诉人',
                  r.received.complainant.name ?? label('complainantDisclosure', r.received.complainant.disclosure),
                ],
                ['内容', r.received.summary],
                ['状态', label('complaintStatus', r.status)],
              ]}
            />
            <h3>交办与答复</h3>
            <ol class="notes">
              ${r.rounds.map((round) => html`<li>第${round.round}轮 交 ${round.department}，答复期限 ${round.replyDueOn ?? '（待日历）'}；${round.reply ? `${when(round.reply.repliedAt)} 答复：${round.reply.reply}` : '尚未答复'}</li>`)}
            </ol>
            ${
              me.role === 'department' && r.status === 'assigned'
                ? html`<textarea
                      value=${text}
                      onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
                      placeholder="答复内容"
                    ></textarea>
                    <button
                      class="primary"
                      disabled=${!text}
                      onClick=${() => act('replies', { reply: text, repliedAt: now })}
                    >
                      提交答复
                    </button>`
                : null
            }
            ${
              me.role === 'supervisor' && r.status === 'replied'
                ? html`<div class="actions">
                    ${options('complaintResult').map((o) => html`<button onClick=${() => act('closure', { result: o.value, satisfaction: 'satisfied' })}>办结：${o.label}</button>`)}
                  </div>`
                : null
            }`
        : null
    }
    ${
      r && kind === 'inspection'
        ? html`<${KeyValues}
              rows=${[
                ['名称', r.plan.title],
                ['方式', `${label('inspectionKind', r.plan.kind)} · ${label('inspectionManner', r.plan.manner)}`],
                ['范围', `${r.plan.scope.departments.join('、')}，${r.plan.scope.from} 至 ${r.plan.scope.to}`],
                ['状态', label('inspectionStatus', r.status)],
                [
                  '抽样',
                  r.sample
                    ? html`${r.sample.operationIds.map((o) => html`<a href=${`#/operations?id=${encodeURIComponent(o)}`}>${o}</a> `)}
                        <div class="muted mono">
                          总体 ${r.sample.populationSize} 件，日志位置
                          ${r.sample.atPosition}，种子（${r.sample.seedSource}）${r.sample.seed.slice(0, 16)}…，${r.sample.algorithm}
                        </div>`
                    : '未抽样',
                ],
                ['报告', r.report?.summary ?? '—'],
              ]}
            />
            ${
              r.activities.length > 0
                ? html`<h3>查访活动</h3>
                    <ol class="notes">
                      ${r.activities.map((a) => html`<li>${when(a.at)} ${label('inspectionActivityKind', a.kind)}：${a.who}，${a.opinions}</li>`)}
                    </ol>`
                : null
            }
            ${me.role === 'supervisor' && !r.sample ? html`<button class="primary" onClick=${() => act('sample', { size: 5 })}>抽取样本（5件）</button>` : null}`
        : null
    }
    ${
      r && kind === 'rectification'
        ? html`<${KeyValues}
              rows=${[
                ['部门', r.order.department],
                ['来源', `${label('rectificationSourceKind', r.order.source.kind)} ${r.order.source.id}`],
                ['要求', r.order.requirements],
                ['下达 / 期限', `${r.order.orderedOn} / ${r.order.dueOn ?? '（待日历）'}`],
                ['状态', label('rectificationStatus', r.status)],
              ]}
            />
            ${
              r.reports.length > 0
                ? html`<h3>整改报告</h3>
                    <ol class="notes">
                      ${r.reports.map((p) => html`<li>${when(p.reportedAt)} ${p.actions} ${p.outcome ? `（${p.outcome === 'accepted' ? '通过' : '退回'}）` : '（待审核）'}</li>`)}
                    </ol>`
                : null
            }
            ${
              me.role === 'department' && r.status === 'ordered'
                ? html`<textarea
                      value=${text}
                      onInput=${(e: Event) => setText((e.target as HTMLTextAreaElement).value)}
                      placeholder="整改情况"
                    ></textarea>
                    <button
                      class="primary"
                      disabled=${!text}
                      onClick=${() => act('reports', { actions: text, reportedAt: now })}
                    >
                      报送整改报告
                    </button>`
                : null
            }
            ${
              me.role === 'supervisor' && r.status === 'reported'
                ? html`<div class="actions">
                    <button class="primary" onClick=${() => act('acceptance', {})}>验收通过</button>
                    <input
                      value=${text}
                      onInput=${(e: Event) => setText((e.target as HTMLInputElement).value)}
                      placeholder="退回理由"
                    />
                    <button disabled=${!text} onClick=${() => act('rejection', { reasons: text })}>退回</button>
                  </div>`
                : null
            }`
        : null
    }
    <${ErrorBox} error=${action.error} />
  <//>`;
}

function NewComplaint({ onDone }: { onDone: () => void }) {
  const [channel, setChannel] = useState('hotline-12345');
  const [department, setDepartment] = useState('');
  const [summary, setSummary] = useState('');
  const action = useAction();
  const submit = async () => {
    const done = await action.run(async () => {
      const received = await post<{ id: string }>('/v1/complaints', {
        channel,
        receivedAt: new Date().toISOString(),
        about: { department },
        complainant: { disclosure: 'anonymous' },
        summary,
      });
      await post(`/v1/complaints/${encodeURIComponent(received.id)}/assignment`, {});
    });
    if (done) {
      setSummary('');
      onDone();
    }
  };
  return html`<${Card} title="登记投诉并交办">
    <div class="filters">
      <${Field} label="渠道"
        ><${Select} value=${channel} onChange=${setChannel} options=${options('complaintChannel')} blank=${null}
      /><//>
      <${Field} label="被投诉部门"
        ><${TextInput} value=${department} onChange=${setDepartment} placeholder="部门代码"
      /><//>
      <${Field} label="内容"><${TextInput} value=${summary} onChange=${setSummary} /><//>
      <button class="primary" disabled=${!department || !summary || action.busy} onClick=${submit}>登记并交办</button>
    </div>
    <${ErrorBox} error=${action.error} />
  <//>`;
}

function NewInspection({ onDone }: { onDone: () => void }) {
  const [title, setTitle] = useState('');
  const [department, setDepartment] = useState('');
  const [from, setFrom] = useState('');
  const action = useAction();
  const submit = async () => {
    if (
      await action.run(() =>
        post('/v1/inspections', {
          title,
          kind: 'random',
          manner: 'open',
          scope: { departments: [department], from, to: shanghaiToday() },
        }),
      )
    )
      onDone();
  };
  return html`<${Card} title="新建查访">
    <div class="filters">
      <${Field} label="名称"><${TextInput} value=${title} onChange=${setTitle} /><//>
      <${Field} label="部门"><${TextInput} value=${department} onChange=${setDepartment} placeholder="部门代码" /><//>
      <${Field} label="范围自"><${TextInput} type="date" value=${from} onChange=${setFrom} /><//>
      <button class="primary" disabled=${!title || !department || !from || action.busy} onClick=${submit}>新建</button>
    </div>
    <${ErrorBox} error=${action.error} />
  <//>`;
}
