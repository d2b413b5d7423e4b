/**
 * Alerts of the electronic supervision (电子监察 红黄牌): the facts the detectors derive from recorded events, and the
 * enumerations `GET /v1/meta/enums` serves with their Chinese labels.
 */

/** The ten grounds of accountability (责任追究制度 第五条), by number (docs/domain.md, "Accountability"). */
export const ALERT_GROUNDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
export type AlertGround = (typeof ALERT_GROUNDS)[number];
export const ALERT_GROUND_LABELS: Readonly<Record<AlertGround, string>> = {
  1: '不按要求行使行政权力',
  2: '应当公开的事项及内容未公开',
  3: '公开的事项或内容不真实',
  4: '公开事项或内容变更后未及时公开',
  5: '未执行行政处罚自由裁量细化标准',
  6: '擅自增设或创设许可条件',
  7: '未按承诺时限办结',
  8: '弄虚作假，损害群众合法利益',
  9: '对监督检查消极配合或抵制',
  10: '其他应当追究责任的行为',
};

export const ALERT_LEVELS = ['yellow', 'red'] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];
export const ALERT_LEVEL_LABELS: Readonly<Record<AlertLevel, string>> = {
  yellow: '黄牌',
  red: '红牌',
};

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_STATUS_LABELS: Readonly<Record<AlertStatus, string>> = {
  open: '待处理',
  acknowledged: '已确认',
  resolved: '已办结',
};

export const ALERT_SUBJECT_KINDS = ['operation', 'power', 'complaint', 'rectification', 'finding'] as const;
export type AlertSubjectKind = (typeof ALERT_SUBJECT_KINDS)[number];
export const ALERT_SUBJECT_KIND_LABELS: Readonly<Record<AlertSubjectKind, string>> = {
  operation: '重要行政权力运行',
  power: '职权事项',
  complaint: '投诉举报',
  rectification: '整改通知',
  finding: '监督检查发现的问题',
};

/** Every enumeration of this folder with its labels, keyed by the name `GET /v1/meta/enums` uses. */
export const ALERT_ENUM_LABELS = {
  alertGround: ALERT_GROUND_LABELS,
  alertLevel: ALERT_LEVEL_LABELS,
  alertStatus: ALERT_STATUS_LABELS,
  alertSubjectKind: ALERT_SUBJECT_KIND_LABELS,
} as const;

/**
 * Alert ids are derived from their cause (`op:<operationId>:g1:power-not-in-force`), never generated, so that a
 * detector running twice over the same events raises the same alert once. They go into stream ids and URLs.
 */
export const ALERT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,254}$/;

export interface AlertSubject {
  kind: AlertSubjectKind;
  /** The operation id, the power code, or the complaint's, rectification order's or finding's id. */
  id: string;
}

/** What a detector found: everything an AlertRaised records except when it was raised. */
export interface AlertFact {
  alertId: string;
  ground: AlertGround;
  level: AlertLevel;
  /** The department answerable for it. */
  department: string;
  subject: AlertSubject;
  /** Stable machine code of the cause within the ground, e.g. `power-not-in-force`. */
  cause: string;
  /** Ids of the recorded events that prove it. */
  evidence: string[];
  /** Short text, Chinese then English. */
  message: string;
}
