/**
 * Shared parts of the acceptance suites: the test chart, normalized snapshots of every object in an
 * emulator, and release histories decoded from the Secrets with lib/release.
 */
import { marshalJSON } from '../../lib/go/json.ts';
import { decodeRelease, type Release } from '../../lib/release/index.ts';
import type { KubeEmulator } from '../../infra/local/kube/index.ts';
import { writeChart } from '../cli-release/helpers.ts';

/**
 * A web app: Deployment + Service + ConfigMap, an optional ConfigMap (`extra`), a pre-install/
 * pre-upgrade hook Job deleted when it succeeds, a post-install/post-upgrade hook ConfigMap.
 */
export function appChart(): string {
  return writeChart({
    'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\nappVersion: "1.0"\n',
    'values.yaml': 'image: nginx:1.27\nreplicas: 1\nmessage: hello\nextra: true\njobImage: busybox:1.36\n',
    'templates/NOTES.txt':
      'App {{ .Release.Name }} revision {{ .Release.Revision }} says {{ .Values.message }}.\n',
    'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  labels: {app: {{ .Release.Name }}}
spec:
  replicas: {{ .Values.replicas }}
  selector:
    matchLabels: {app: {{ .Release.Name }}}
  template:
    metadata:
      labels: {app: {{ .Release.Name }}}
    spec:
      containers:
        - name: web
          image: {{ .Values.image }}
          env:
            - {name: MESSAGE, value: {{ .Values.message | quote }}}
`,
    'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  selector: {app: {{ .Release.Name }}}
  ports: [{port: 80, targetPort: 8080}]
`,
    'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  message: {{ .Values.message | quote }}
`,
    'templates/extra.yaml': `{{- if .Values.extra }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-extra
data:
  enabled: "yes"
{{- end }}
`,
    'templates/pre-job.yaml': `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-migrate
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-5"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: {{ .Values.jobImage }}
          command: [sh, -c, "echo migrate"]
`,
    'templates/post-hook.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-installed
  annotations:
    helm.sh/hook: post-install,post-upgrade
data:
  revision: {{ .Release.Revision | quote }}
`,
  });
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What differs between two clusters that received the same operations, and why it is left out:
 * uid, resourceVersion, creationTimestamp (identity and clock); managedFields (helm v3 applies
 * client-side, slipway server-side: different managers and operations by design); generation and
 * observedGeneration (they count spec writes, and a three-way merge patch and a server-side apply
 * of the same change need not write the same number of times); any RFC 3339 time (clock); any
 * value equal to some object's uid (owner references, Job controller-uid labels and selectors).
 * Names the Deployment controller generates are renamed: a ReplicaSet's pod-template-hash becomes
 * `<hashN>` (N = its deployment revision; a failed rollout's template may differ between the two
 * runs) and its Pods (random name suffixes, allocated IPs) `<owner>-<podK>` and `<ip:owner-podK>`.
 */
interface Renames {
  readonly uids: ReadonlySet<string>;
  /** Substrings to replace (generated names), longest first. */
  readonly names: readonly (readonly [string, string])[];
}

function rename(s: string, r: Renames): string {
  let out = s;
  for (const [from, to] of r.names) if (out.includes(from)) out = out.split(from).join(to);
  return out;
}

function normalize(v: Json, uids: Renames, key = ''): Json {
  if (typeof v === 'string') {
    if (uids.uids.has(v)) return '<uid>';
    if (TIMESTAMP.test(v)) return '<time>';
    return rename(v, uids);
  }
  if (Array.isArray(v)) return v.map((x) => normalize(x, uids));
  if (v !== null && typeof v === 'object') {
    const out: { [k: string]: Json } = {};
    for (const k of Object.keys(v).sort()) {
      if (
        key === 'metadata' &&
        ['uid', 'resourceVersion', 'creationTimestamp', 'managedFields', 'generation'].includes(k)
      )
        continue;
      if (key === 'status' && k === 'observedGeneration') continue;
      // Each cluster allocates Service addresses from its own pool, in its own creation order.
      if (key === 'spec' && (k === 'clusterIP' || k === 'clusterIPs') && v.type === 'ClusterIP') {
        out[k] = '<allocated>';
        continue;
      }
      out[k] = normalize(v[k], uids, k);
    }
    return out;
  }
  return v;
}

function metaOf(o: unknown): Record<string, unknown> {
  const m = (o as { metadata?: unknown }).metadata;
  return m && typeof m === 'object' ? (m as Record<string, unknown>) : {};
}

/**
 * Every object of the cluster except release records (compared decoded, see releaseHistory),
 * normalized, keyed `<apiVersion>/<kind> <namespace>/<name>`.
 */
export function clusterSnapshot(emu: KubeEmulator): Map<string, Json> {
  const store = emu.store.store;
  const all: unknown[] = [];
  for (const key of store.storageKeys().sort()) all.push(...store.list(key));
  const uids = new Set(all.map((o) => metaOf(o).uid).filter((u): u is string => typeof u === 'string'));
  const names: [string, string][] = [];
  for (const o of all) {
    if ((o as { kind?: string }).kind !== 'ReplicaSet') continue;
    const m = metaOf(o);
    const hash = (m.labels as Record<string, string> | undefined)?.['pod-template-hash'];
    const revision = (m.annotations as Record<string, string> | undefined)?.[
      'deployment.kubernetes.io/revision'
    ];
    if (hash) names.push([hash, `<hash${revision ?? ''}>`]);
  }
  const podsByOwner = new Map<string, { name: string; ip: string }[]>();
  for (const o of all) {
    if ((o as { kind?: string }).kind !== 'Pod') continue;
    const m = metaOf(o);
    const owner = (m.ownerReferences as { kind?: string; name?: string }[] | undefined)?.find(
      (r) => r.kind === 'ReplicaSet',
    );
    if (!owner?.name) continue;
    const ip = (o as { status?: { podIP?: string } }).status?.podIP ?? '';
    const list = podsByOwner.get(owner.name) ?? [];
    list.push({ name: String(m.name ?? ''), ip });
    podsByOwner.set(owner.name, list);
  }
  const hashRenames: Renames = { uids: new Set(), names: [...names] };
  for (const [owner, pods] of podsByOwner) {
    const base = rename(owner, hashRenames);
    pods
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .forEach((p, k) => {
        names.push([p.name, `${base}-<pod${k}>`]);
        if (p.ip) names.push([p.ip, `<ip:${base}-pod${k}>`]);
      });
  }
  names.sort((a, b) => b[0].length - a[0].length);
  const renames: Renames = { uids, names };
  const out = new Map<string, Json>();
  for (const o of all) {
    const obj = o as { apiVersion?: string; kind?: string; type?: string };
    if (obj.kind === 'Secret' && obj.type === 'helm.sh/release.v1') continue;
    const m = metaOf(o);
    const key = rename(
      `${obj.apiVersion}/${obj.kind} ${String(m.namespace ?? '')}/${String(m.name ?? '')}`,
      renames,
    );
    out.set(key, normalize(o as Json, renames));
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The part of each revision both writers must agree on. */
export interface RevisionSummary {
  readonly revision: number;
  readonly status: string;
  readonly description: string;
  readonly chart: string;
  readonly config: string;
  readonly manifest: string;
  readonly notes: string;
  readonly hooks: string[];
  readonly labels: Record<string, string>;
}

/** A release's revisions as stored in the emulator's Secrets, decoded with lib/release. */
export function releaseHistory(emu: KubeEmulator, name: string, namespace = 'default'): RevisionSummary[] {
  const secrets = emu.store.store.list('/secrets', namespace);
  const out: RevisionSummary[] = [];
  for (const s of secrets) {
    const secret = s as { type?: string; data?: Record<string, string> };
    const labels = (metaOf(s).labels ?? {}) as Record<string, string>;
    if (secret.type !== 'helm.sh/release.v1' || labels.name !== name) continue;
    const rel: Release = decodeRelease(Buffer.from(secret.data?.release ?? '', 'base64').toString('latin1'));
    const { createdAt, modifiedAt, ...stableLabels } = labels;
    void createdAt;
    void modifiedAt;
    out.push({
      revision: rel.version ?? 0,
      status: rel.info?.status ?? '',
      description: rel.info?.description ?? '',
      chart: `${rel.chart?.metadata?.name ?? ''}-${rel.chart?.metadata?.version ?? ''}`,
      config: marshalJSON(rel.config ?? null),
      manifest: rel.manifest ?? '',
      notes: rel.info?.notes ?? '',
      hooks: (rel.hooks ?? []).map(
        (h) => `${h?.name} ${h?.events?.join(',')} ${h?.last_run.phase} ${h?.delete_policies?.join(',')}`,
      ),
      labels: stableLabels,
    });
  }
  return out.sort((a, b) => a.revision - b.revision);
}
