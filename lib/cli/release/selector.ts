/**
 * Kubernetes label selectors as `helm list -l` takes them (labels.Parse): comma-separated
 * requirements `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`.
 */
type Labels = Readonly<Record<string, string>>;
type Requirement = (labels: Labels) => boolean;

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

function parseTerm(term: string): Requirement {
  let m = /^(\S+?)\s*(==|!=|=)\s*(\S*)$/.exec(term);
  if (m) {
    const [, key, op, value] = m;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(term);
  if (m) {
    const [, key, op, list] = m;
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]);
  }
  if (term.startsWith('!')) {
    const key = term.slice(1).trim();
    return (l) => !(key in l);
  }
  if (/^\S+$/.test(term)) return (l) => term in l;
  throw new Error(`unable to parse requirement: ${JSON.stringify(term)}`);
}

/** A predicate over a label set; the empty selector matches everything. */
export function parseLabelSelector(text: string): (labels: Labels) => boolean {
  const reqs = splitTerms(text).map(parseTerm);
  return (labels) => reqs.every((r) => r(labels));
}
