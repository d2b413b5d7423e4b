import { existsSync, readFileSync } from 'node:fs';
import { setImmediate as nextTurn } from 'node:timers/promises';
import PDFDocument from 'pdfkit';

/** Noto Sans CJK, Simplified Chinese face, as Debian's fonts-noto-cjk installs it. */
export const DEFAULT_PDF_FONT_PATH = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_PDF_FONT_NAME = 'NotoSansCJKsc-Regular';

/** The font the timeline needs is not where the configuration says: a PDF without it would show empty boxes. */
export class PdfFontMissingError extends Error {
  constructor(readonly path: string) {
    super(`The CJK font for PDF timelines is missing at ${path} (install fonts-noto-cjk or set PDF_FONT_PATH)`);
  }
}

/** What the timeline shows of each event. */
export interface TimelineEvent {
  position: number;
  streamId: string;
  version: number;
  type: string;
  recordedAt: string;
  claimedAt: string | null;
  actor?: { id: string; role: string };
}

export interface TimelineInput {
  caseId: string;
  generatedAt: string;
  events: TimelineEvent[];
  integrity: { streamId: string; intact: boolean }[];
}

/** 事件类型 in Chinese, for the readers of the PDF; an unknown type shows its name. */
const EVENT_LABELS: Readonly<Record<string, string>> = {
  PowerGranted: '职权赋予',
  PowerChanged: '职权变更',
  PowerTransferred: '职权划转',
  PowerCancelled: '职权取消',
  PowerPublished: '职权公布',
  PowerProposed: '职权事项报审',
  PowerProposalRejected: '报审退回',
  DepartmentRegistered: '部门登记',
  OperationRegistered: '权力运行登记',
  OperationStepRecorded: '办理环节',
  OperationDecisionRecorded: '作出决定',
  OperationCompleted: '办结',
  OperationDeadlinesComputed: '期限计算',
  OperationDeadlinesExtended: '期限延长',
  CalendarYearPublished: '节假日安排公布',
  AlertRaised: '预警（红黄牌）',
  AlertAcknowledged: '预警签收',
  AlertResolved: '预警办结',
  AlertLinkedToCase: '预警转入案件',
  CaseOpened: '立案',
  CaseEvidenceAdded: '增加证据',
  CasePersonNamed: '确定责任人',
  CaseInvestigationConcluded: '调查终结',
  CaseRightsNotified: '告知陈述申辩权',
  CaseStatementRecorded: '陈述申辩',
  CasePersonDecided: '对责任人作出决定',
  CaseDepartmentDecided: '对部门作出决定',
  CaseReviewRequested: '申请复核/申诉',
  CaseReviewConcluded: '复核/申诉结论',
  CaseNoteAdded: '办案记录',
  CaseClosed: '结案',
  CaseReopened: '重新立案',
  CaseOutcomePublished: '结果公开',
  CaseAccessed: '查阅',
};

const ROLE_LABELS: Readonly<Record<string, string>> = {
  admin: '管理员',
  department: '部门',
  supervisor: '监督人员',
  investigator: '调查人员',
  reviewer: '审核人员',
  public: '公众',
  system: '系统',
};

/** YYYY-MM-DD HH:mm in Asia/Shanghai (UTC+8, no daylight saving). */
function shanghaiMinute(instant: string): string {
  const time = Date.parse(instant);
  if (!Number.isFinite(time)) return instant;
  return new Date(time + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const fontCache = new Map<string, Buffer>();

function fontBytes(path: string): Buffer {
  let bytes = fontCache.get(path);
  if (bytes === undefined) {
    if (!existsSync(path)) throw new PdfFontMissingError(path);
    bytes = readFileSync(path);
    fontCache.set(path, bytes);
  }
  return bytes;
}

/**
 * Rows laid out per turn of the event loop: each row's text is measured and shaped glyph by glyph, about 1 ms a row,
 * and a case of 600 events took over half a second in one stretch, in which the API answered nobody.
 */
const ROWS_PER_TURN = 20;

const COLUMNS = [
  { title: '日志位置', width: 52 },
  { title: '记录时间', width: 78 },
  { title: '声称时间', width: 78 },
  { title: '事件', width: 92 },
  { title: '操作人', width: 80 },
  { title: '流 / 版本', width: 135 },
];

/**
 * The case's timeline as a PDF in Chinese: every event in the log's order with the time it was recorded beside the
 * time it claims, who recorded it, and the stream it belongs to; then the integrity of every stream. The font is
 * embedded as a subset of the glyphs used.
 */
export async function renderTimelinePdf(
  input: TimelineInput,
  font: { path: string; name: string } = { path: DEFAULT_PDF_FONT_PATH, name: DEFAULT_PDF_FONT_NAME },
): Promise<Buffer> {
  const bytes = fontBytes(font.path);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: { Title: `责任追究案件档案 ${input.caseId}`, Subject: '案件时间线', Creator: 'power-supervision' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', bytes, font.name);
  doc.font('cjk');
  // Loading the face out of the collection is a stretch of its own; the first text shaped with it is another.
  await nextTurn();
  doc.fontSize(16).text('责任追究案件档案 · 时间线');
  doc.moveDown(0.3);
  doc
    .fontSize(9)
    .fillColor('#333')
    .text(`案件编号：${input.caseId}`)
    .text(`生成时间：${shanghaiMinute(input.generatedAt)}（北京时间）`)
    .text(`事件 ${input.events.length} 条，涉及 ${input.integrity.length} 个事件流；时间均为北京时间。`)
    .text('“记录时间”是系统记录该事实的时间，“声称时间”是提交方所称事实发生的时间。');
  doc.moveDown(0.6);
  await nextTurn();

  const left = doc.page.margins.left;
  const header = (): void => {
    let x = left;
    doc.fontSize(8).fillColor('#000');
    const y = doc.y;
    for (const column of COLUMNS) {
      doc.text(column.title, x, y, { width: column.width - 4 });
      x += column.width;
    }
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + 515, doc.y + 2)
      .strokeColor('#999')
      .stroke();
    doc.y += 5;
  };
  header();
  doc.fontSize(7.5);
  for (const [index, event] of input.events.entries()) {
    if (index > 0 && index % ROWS_PER_TURN === 0) await nextTurn();
    const cells = [
      String(event.position),
      shanghaiMinute(event.recordedAt),
      event.claimedAt === null ? '—' : shanghaiMinute(event.claimedAt),
      EVENT_LABELS[event.type] ?? event.type,
      event.actor ? `${ROLE_LABELS[event.actor.role] ?? event.actor.role} ${event.actor.id}` : '—',
      `${event.streamId} #${event.version}`,
    ];
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: COLUMNS[i].width - 4 })));
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) {
      doc.addPage();
      header();
      doc.fontSize(7.5);
    }
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      doc.fillColor(i === 3 ? '#000' : '#222').text(cell, x, y, { width: COLUMNS[i].width - 4 });
      x += COLUMNS[i].width;
    });
    doc.y = y + height + 3;
  }

  doc.moveDown(1);
  doc.x = left;
  doc.fontSize(10).fillColor('#000').text('完整性校验（哈希链）', left);
  doc.fontSize(8);
  for (const [index, stream] of input.integrity.entries()) {
    if (index % ROWS_PER_TURN === 0) await nextTurn();
    doc
      .fillColor(stream.intact ? '#1a7f37' : '#cf222e')
      .text(`${stream.intact ? '完整' : '已被篡改'}  ${stream.streamId}`);
  }
  doc
    .moveDown(0.5)
    .fillColor('#333')
    .text('离线校验：npm run cli -- dossier verify 档案文件.zip（无需服务器与数据库）。', left);
  doc.end();
  return done;
}
