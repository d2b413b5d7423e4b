import { createParser } from 'eventsource-parser';

/**
 * The console is a client of the public API, nothing more: every page reads what the key it holds may read, so
 * what a role sees follows the API's scoping exactly. The key lives in this tab's sessionStorage and goes with every
 * request as `Authorization: Bearer`.
 */

const KEY_STORAGE = 'power-supervision.api-key';

export interface Principal {
  id: string;
  role: 'admin' | 'reviewer' | 'supervisor' | 'investigator' | 'department';
  department?: string;
}

/** An answer in problem+json (RFC 9457) as the API gives every error. */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  code?: string;
  errors?: Record<string, string[]>;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

export const storedKey = (): string | null => sessionStorage.getItem(KEY_STORAGE);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY_STORAGE, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY_STORAGE);

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = storedKey();
  return { Accept: 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}), ...extra };
}

async function problemOf(response: Response): Promise<ApiError> {
  try {
    return new ApiError((await response.json()) as Problem);
  } catch {
    return new ApiError({ status: response.status, title: response.statusText });
  }
}

/** GET a JSON resource; problems become ApiError. */
export async function get<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

/** POST a JSON body; the answer's body, problems as ApiError. */
export async function post<T>(path: string, body: unknown, extra: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json', ...extra }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}

/** Downloads what `path` answers (a dossier, an export) under the name the server gives it, or `fallback`. */
export async function download(path: string, fallback: string): Promise<void> {
  const response = await fetch(path, { headers: headers({ Accept: '*/*' }) });
  if (!response.ok) throw await problemOf(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = named ? decodeURIComponent(named) : fallback;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Follows GET /v1/alerts/stream (Server-Sent Events). EventSource cannot send the key, so the stream is read with
 * fetch; after a drop it reconnects with Last-Event-ID, and the API replays what was raised meanwhile.
 */
export function followAlerts<T>(
  onAlert: (alert: T) => void,
  onState: (state: 'connected' | 'reconnecting') => void,
): () => void {
  const controller = new AbortController();
  let lastEventId: string | undefined;
  const connect = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/v1/alerts/stream', {
          headers: headers({ Accept: 'text/event-stream', ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}) }),
          signal: controller.signal,
        });
        if (!response.ok || response.body === null) throw await problemOf(response);
        onState('connected');
        const parser = createParser({
          onEvent: (event) => {
            if (event.id) lastEventId = event.id;
            onAlert(JSON.parse(event.data) as T);
          },
        });
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          parser.feed(value);
        }
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.problem.status === 401) return;
      }
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  void connect();
  return () => controller.abort();
}

/** Query string of the filled-in fields. */
export function query(fields: Record<string, string | number | boolean | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
