/** Label and field selectors, with the apiserver's syntax (k8s.io/apimachinery/pkg/labels, fields). */
import type { JsonValue, KubeObject } from './types.ts';
import { isJsonObject } from './types.ts';

type Requirement =
  | { op: 'eq' | 'neq'; key: string; value: string }
  | { op: 'in' | 'notin'; key: string; values: string[] }
  | { op: 'exists' | 'notexists'; key: string };

export type Selector = (labels: Record<string, string>) => boolean;

export class SelectorError extends Error {}

/** Splits on commas that are not inside parentheses (`a in (x,y),b`). */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseRequirement(term: string): Requirement {
  let m = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (m) {
    const values = m[3]
      .split(',')
      .map((v) => v.trim())
      .filter((v) => v !== '');
    return { op: m[2] === 'in' ? 'in' : 'notin', key: m[1], values };
  }
  m = /^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(term);
  if (m) return { op: m[2] === '!=' ? 'neq' : 'eq', key: m[1], value: m[3] };
  m = /^!\s*(\S+)$/.exec(term);
  if (m) return { op: 'notexists', key: m[1] };
  if (/^[^=!\s()]+$/.test(term)) return { op: 'exists', key: term };
  throw new SelectorError(`unable to parse requirement: ${term}`);
}

function matches(req: Requirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const v = has ? labels[req.key] : undefined;
  switch (req.op) {
    case 'eq':
      return has && v === req.value;
    case 'neq':
      return !has || v !== req.value;
    case 'in':
      return has && req.values.includes(v ?? '');
    case 'notin':
      return !has || !req.values.includes(v ?? '');
    case 'exists':
      return has;
    case 'notexists':
      return !has;
  }
}

export function parseLabelSelector(text: string | null): Selector {
  if (!text) return () => true;
  const reqs = splitTopLevel(text).map(parseRequirement);
  return (labels) => reqs.every((r) => matches(r, labels));
}

/**
 * Field selectors with = / == / !=. The apiserver allows a per-kind set of fields (metadata.name and
 * metadata.namespace everywhere; involvedObject.* on events, spec.nodeName and status.phase on pods, ...);
 * the emulator accepts any dotted path into the object, which covers those.
 */
export function parseFieldSelector(text: string | null): (obj: KubeObject) => boolean {
  if (!text) return () => true;
  const reqs = splitTopLevel(text).map((term) => {
    const m = /^([^=!\s]+)\s*(==|!=|=)\s*(\S*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid selector: '${text}'; can't understand '${term}'`);
    if (!/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)+$/.test(m[1]))
      throw new SelectorError(`field label not supported: ${m[1]}`);
    return { path: m[1].split('.'), neq: m[2] === '!=', value: m[3] };
  });
  return (obj) =>
    reqs.every((r) => {
      let cur: JsonValue | undefined = obj;
      for (const key of r.path) cur = isJsonObject(cur) ? cur[key] : undefined;
      const actual =
        typeof cur === 'string' || typeof cur === 'number' || typeof cur === 'boolean' ? String(cur) : '';
      return r.neq ? actual !== r.value : actual === r.value;
    });
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const labels = obj.metadata.labels;
  if (isJsonObject(labels)) {
    for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}
