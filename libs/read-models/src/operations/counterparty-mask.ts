import { Counterparty } from '@app/domain';

/**
 * Personal data of a counterparty (相对人) as shown to readers who may see an operation but not who it concerns.
 * Only the first character of the name survives (`张三` → `张*`), counted in code points so that a character outside
 * the Basic Multilingual Plane is one character; an identity number keeps its first and last four characters when it
 * is long enough to stay unidentifiable (`110101199003071234` → `1101**********1234`), a quarter of its length at
 * each end otherwise.
 */
export function maskCounterparty(counterparty: Counterparty): Counterparty {
  return {
    kind: counterparty.kind,
    name: maskName(counterparty.name),
    ...(counterparty.idNumber !== undefined ? { idNumber: maskIdNumber(counterparty.idNumber) } : {}),
  };
}

export function maskName(name: string): string {
  const characters = [...name];
  if (characters.length <= 1) return '*';
  return characters[0] + '*'.repeat(characters.length - 1);
}

export function maskIdNumber(idNumber: string): string {
  const characters = [...idNumber];
  const kept = characters.length >= 12 ? 4 : Math.floor(characters.length / 4);
  const hidden = characters.length - 2 * kept;
  return characters.slice(0, kept).join('') + '*'.repeat(hidden) + characters.slice(characters.length - kept).join('');
}

/**
 * The value with the counterparty's personal data masked wherever it occurs: the counterparty itself, and its name and
 * identity number inside any text (a step's note, the reasoning of the decision).
 */
export function maskPersonalData<T>(value: T, counterparty: Counterparty): T {
  // A one-character name would blank out that character in every text; it is masked in the counterparty only.
  const secrets: [string, string][] = [];
  if ([...counterparty.name].length > 1) secrets.push([counterparty.name, maskName(counterparty.name)]);
  if (counterparty.idNumber) secrets.push([counterparty.idNumber, maskIdNumber(counterparty.idNumber)]);
  const walk = (node: unknown, key?: string): unknown => {
    if (key === 'counterparty' && typeof node === 'object' && node !== null) {
      return maskCounterparty(node as Counterparty);
    }
    if (typeof node === 'string') return secrets.reduce((text, [secret, mask]) => text.split(secret).join(mask), node);
    if (Array.isArray(node)) return node.map((child) => walk(child));
    if (typeof node === 'object' && node !== null) {
      return Object.fromEntries(Object.entries(node).map(([name, child]) => [name, walk(child, name)]));
    }
    return node;
  };
  return walk(value) as T;
}
