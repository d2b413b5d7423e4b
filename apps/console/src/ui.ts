import { html } from 'htm/preact';
import type { ComponentChildren, VNode } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get, query } from './api';

export { html };

/** What a load gives a page: the data, the error, and a way to load again. */
export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Loads `path` (GET) whenever it changes; null skips. */
export function useGet<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: path !== null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    get<T>(path).then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [path, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export function Page({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ComponentChildren;
  children?: ComponentChildren;
}) {
  return html`<section class="page">
    <header class="page-head">
      <h1>${title}</h1>
      <div class="page-actions">${actions}</div>
    </header>
    ${children}
  </section>`;
}

export function Card({ title, children, wide }: { title?: string; children?: ComponentChildren; wide?: boolean }) {
  return html`<div class=${`card${wide ? ' wide' : ''}`}>${title ? html`<h2>${title}</h2>` : null}${children}</div>`;
}

export function ErrorBox({ error }: { error: Error | undefined }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const fields = problem?.errors ? Object.entries(problem.errors) : [];
  return html`<div class="error" role="alert">
    <strong>${problem ? `${problem.status} ${problem.title}` : '出错了'}</strong>
    <div>${error.message}</div>
    ${
      fields.length > 0
        ? html`<ul>
            ${fields.map(([field, messages]) => html`<li><code>${field}</code>: ${messages.join('；')}</li>`)}
          </ul>`
        : null
    }
  </div>`;
}

export function Loading({ when }: { when: boolean }) {
  return when ? html`<div class="loading">加载中…</div>` : null;
}

export interface Column<T> {
  title: string;
  cell: (row: T) => ComponentChildren;
  className?: string;
}

export function Table<T>({
  rows,
  columns,
  onRow,
  empty = '没有记录',
  testId,
}: {
  rows: readonly T[];
  columns: readonly Column<T>[];
  onRow?: (row: T) => void;
  empty?: string;
  testId?: string;
}) {
  return html`<table class="table" data-testid=${testId}>
    <thead>
      <tr>
        ${columns.map((c) => html`<th class=${c.className}>${c.title}</th>`)}
      </tr>
    </thead>
    <tbody>
      ${
        rows.length === 0
          ? html`<tr>
              <td class="empty" colspan=${columns.length}>${empty}</td>
            </tr>`
          : rows.map(
              (row) =>
                html`<tr class=${onRow ? 'clickable' : ''} onClick=${onRow ? () => onRow(row) : undefined}>
                  ${columns.map((c) => html`<td class=${c.className}>${c.cell(row)}</td>`)}
                </tr>`,
            )
      }
    </tbody>
  </table>`;
}

/** A card level as the office says it: 红牌 / 黄牌. */
export function LevelBadge({ level }: { level: string }) {
  return html`<span class=${`badge ${level}`}>${level === 'red' ? '红牌' : level === 'yellow' ? '黄牌' : level}</span>`;
}

export function Tag({ children, tone }: { children: ComponentChildren; tone?: 'ok' | 'warn' | 'bad' | 'muted' }) {
  return html`<span class=${`tag ${tone ?? ''}`}>${children}</span>`;
}

/** A labelled field of a filter or form bar. */
export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return html`<label class="field"><span>${label}</span>${children}</label>`;
}

export function Select({
  value,
  options,
  onChange,
  blank = '全部',
  name,
}: {
  value: string;
  options: readonly { value: string | number; label: string }[];
  onChange: (value: string) => void;
  blank?: string | null;
  name?: string;
}) {
  return html`<select
    name=${name}
    value=${value}
    onChange=${(e: Event) => onChange((e.target as HTMLSelectElement).value)}
  >
    ${blank !== null ? html`<option value="">${blank}</option>` : null}
    ${options.map((o) => html`<option value=${String(o.value)}>${o.label}</option>`)}
  </select>`;
}

export function TextInput({
  value,
  onChange,
  type = 'text',
  placeholder,
  name,
}: {
  value: string;
  onChange: (value: string) => void;
  type?: string;
  placeholder?: string;
  name?: string;
}) {
  return html`<input
    name=${name}
    type=${type}
    value=${value}
    placeholder=${placeholder}
    onInput=${(e: Event) => onChange((e.target as HTMLInputElement).value)}
  />`;
}

/** Where a cursor list stands: its page number, the next page's cursor, and a way to turn. */
export interface Paging {
  page: number;
  next: string | null | undefined;
  turn: (delta: 1 | -1) => void;
}

/**
 * One of the API's cursor lists (`{ items, nextCursor }`) at `path` with `filters`, 50 a page. The page keeps the
 * cursors it went through, so it can go back, and starts again from the first page whenever the filters change (the
 * cursors belong to the filters they were given with, so they are kept beside them, not reset after a render).
 */
export function useCursorList<T>(
  path: string,
  filters: Record<string, string | number | boolean | undefined | null>,
): { list: Loaded<{ items: T[]; nextCursor: string | null }>; rows: T[]; paging: Paging } {
  const key = JSON.stringify(filters);
  const [cursors, setCursors] = useState<{ key: string; stack: string[] }>({ key, stack: [] });
  const stack = cursors.key === key ? cursors.stack : [];
  const list = useGet<{ items: T[]; nextCursor: string | null }>(
    `${path}${query({ ...filters, cursor: stack[stack.length - 1], limit: 50 })}`,
  );
  const next = list.data?.nextCursor;
  return {
    list,
    rows: list.data?.items ?? [],
    paging: {
      page: stack.length,
      next,
      turn: (delta) => setCursors({ key, stack: delta === 1 && next ? [...stack, next] : stack.slice(0, -1) }),
    },
  };
}

/** What a list's load says while it has nothing to show: its problem, or that it is loading. */
export function ListStatus({ list }: { list: Loaded<unknown> }) {
  return html`<${ErrorBox} error=${list.error} /><${Loading} when=${list.loading && !list.data} />`;
}

/** "Previous" and "next page" of a cursor list. */
export function Pager({ paging }: { paging: Paging }) {
  return html`<div class="pager">
    <button disabled=${paging.page === 0} onClick=${() => paging.turn(-1)}>上一页</button>
    <span>第 ${paging.page + 1} 页</span>
    <button disabled=${!paging.next} onClick=${() => paging.turn(1)}>下一页</button>
  </div>`;
}

/** A date and time as people read them here: 2025-03-12 09:30 (Asia/Shanghai). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  return new Date(instant + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export function Timeline({
  items,
}: {
  items: readonly {
    key: string;
    title: ComponentChildren;
    claimed?: string | null;
    recorded?: string | null;
    body?: ComponentChildren;
  }[];
}) {
  return html`<ol class="timeline">
    ${items.map(
      (item) =>
        html`<li key=${item.key}>
          <div class="timeline-title">${item.title}</div>
          <div class="timeline-times">
            ${item.claimed !== undefined ? html`<span title="业务发生时间（申报）">发生 ${when(item.claimed)}</span>` : null}
            ${item.recorded !== undefined ? html`<span title="系统记录时间">记录 ${when(item.recorded)}</span>` : null}
          </div>
          ${item.body ? html`<div class="timeline-body">${item.body}</div>` : null}
        </li>`,
    )}
  </ol>`;
}

/** A modal-free detail panel beside a list. */
export function Detail({
  title,
  onClose,
  children,
}: {
  title: string;
  onClose: () => void;
  children?: ComponentChildren;
}) {
  return html`<aside class="detail">
    <header>
      <h2>${title}</h2>
      <button class="link" onClick=${onClose}>关闭</button>
    </header>
    ${children}
  </aside>`;
}

export function KeyValues({ rows }: { rows: readonly [string, ComponentChildren][] }) {
  return html`<dl class="kv">
    ${rows.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v ?? '—'}</dd>`,
    )}
  </dl>`;
}

/** Runs an action, showing its error until the next run. */
export function useAction(): {
  busy: boolean;
  error: Error | undefined;
  run: (action: () => Promise<unknown>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const run = async (action: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (e) {
      setError(e as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export function useMounted(): { current: boolean } {
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );
  return mounted;
}

export type { VNode };
