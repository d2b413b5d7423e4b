import { UnstorableEventError } from './event-store.errors';

const BACKSLASH = 0x5c;
const NUL_ESCAPE = '0000';

/**
 * Whether canonical JSON (as hash-chain's stringifier writes it) holds only text every read model can store. That
 * stringifier writes U+0000 as `\u0000` and a lone surrogate as `\ud800`–`\udfff`, and a valid surrogate pair as
 * the character itself, so both faults show as `\u` escapes; other characters are escaped only below U+0020. An
 * escape counts only after an even number of backslashes (`\\u0000` is a backslash and the text "u0000"). One
 * native search for `\u`, which ordinary event data does not contain: this runs on every append.
 */
export function isStorableJson(canonical: string): boolean {
  for (let at = canonical.indexOf('\\u'); at >= 0; at = canonical.indexOf('\\u', at + 2)) {
    let backslashes = 1;
    while (at - backslashes >= 0 && canonical.charCodeAt(at - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) continue;
    const hex = canonical.slice(at + 2, at + 6);
    if (hex === NUL_ESCAPE || isSurrogateEscape(hex)) return false;
  }
  return true;
}

/** String.prototype.isWellFormed (Node.js 20, ES2024; the compiler's library is ES2023). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function isSurrogateEscape(hex: string): boolean {
  const code = Number.parseInt(hex, 16);
  return code >= 0xd800 && code <= 0xdfff;
}

/** Whether a text column (stream id, event type) can hold the string as it is. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && isWellFormed(text);
}

/**
 * The UnstorableEventError for an event whose canonical JSON failed isStorableJson: the first string (or key) at
 * fault and what is wrong with it. Only on refusal, so walking the value costs the append path nothing.
 */
export function unstorableJsonError(eventType: string, root: string, value: unknown): UnstorableEventError {
  const fault = firstFault(value, root);
  return new UnstorableEventError(fault?.path ?? root, fault?.problem ?? 'text that is not Unicode', eventType);
}

/** The UnstorableEventError for a stream id or event type that a text column cannot hold. */
export function unstorableTextError(what: string, text: string, eventType?: string): UnstorableEventError {
  return new UnstorableEventError(what, problemOf(text) ?? 'text that is not Unicode', eventType);
}

function firstFault(value: unknown, path: string): { path: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? { path, problem } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return firstFault((value as { toJSON: () => unknown }).toJSON(), path);
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const fault = firstFault(value[i], `${path}[${i}]`);
      if (fault) return fault;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyProblem = problemOf(key);
    if (keyProblem) return { path: `a key of ${path}`, problem: keyProblem };
    const fault = firstFault(item, `${path}.${key}`);
    if (fault) return fault;
  }
  return undefined;
}

function problemOf(text: string): string | undefined {
  if (text.includes('\u0000')) return 'the character U+0000 (NUL)';
  if (!isWellFormed(text)) return 'a lone surrogate (half of a UTF-16 pair, not Unicode text)';
  return undefined;
}
