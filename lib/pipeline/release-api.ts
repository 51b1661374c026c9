/**
 * The release API (direct Lambda invoke): read-only views of releases in a registry cluster —
 * status, history, list, get — and `preview`, which renders a chart package from the bucket with
 * the cluster's live capabilities and compares it with the deployed manifest. Requests and
 * responses are validated against release-api.schema.json; Secret data never leaves masked.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { KubeConfig } from '@kubernetes/client-node';
import { Ajv, type ValidateFunction } from 'ajv';
import {
  getValues,
  history as historyOf,
  historyEntry,
  list,
  newConfiguration,
  status,
  type Configuration,
} from '../action/index.ts';
import { loadArchive } from '../chart/index.ts';
import { marshalJSON } from '../go/json.ts';
import type { GoMap } from '../go/value.ts';
import type { Release } from '../release/index.ts';
import { renderRelease } from '../render/template.ts';
import { NoDeployedReleasesError, ReleaseNotFoundError } from '../storage/index.ts';
import { mergeMaps, readValuesFile } from '../values/index.ts';
import schema from './release-api.schema.json' with { type: 'json' };
import { orderValuesKeys, releasePrefix, validateClusterName, validateNamespace } from './bucket.ts';
import { diffManifests, maskManifest, type ObjectChange } from './diff.ts';
import { errorMessage, needsInstall, since, type ClusterResolver, type PipelineMetrics } from './observe.ts';
import { getObject, listKeys } from './s3.ts';

export interface ReleaseApiRequest {
  readonly action: 'status' | 'history' | 'list' | 'get' | 'preview';
  readonly cluster: string;
  readonly namespace?: string;
  readonly release?: string;
  readonly revision?: number;
  readonly max?: number;
  readonly allNamespaces?: boolean;
  readonly filter?: string;
  readonly what?: 'all' | 'values' | 'manifest' | 'notes' | 'hooks' | 'metadata';
  readonly bucket?: string;
  readonly chartKey?: string;
  readonly chartVersionId?: string;
  readonly values?: readonly { name: string; yaml: string }[];
}

/** One release as status/list/get show it (helm's JSON keys). */
export interface ReleaseSummary {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  readonly status: string;
  readonly chart: string;
  readonly app_version: string;
  readonly updated: string;
  readonly description: string;
  readonly notes?: string;
}

export type ReleaseApiResponse =
  | { action: 'status'; release: ReleaseSummary }
  | { action: 'history'; history: ReturnType<typeof historyEntry>[] }
  | { action: 'list'; releases: ReleaseSummary[] }
  | {
      action: 'get';
      release: ReleaseSummary;
      values?: unknown;
      manifest?: string;
      notes?: string;
      hooks?: string;
    }
  | {
      action: 'preview';
      operation: 'install' | 'upgrade';
      revision: number;
      changes: ObjectChange[];
      manifest: string;
      notes: string;
    };

export interface ReleaseApiDeps {
  readonly s3: S3Client;
  /** Default bucket for preview's chart and values objects (SLIPWAY_BUCKET). */
  readonly bucket?: string;
  readonly resolveCluster: ClusterResolver;
  readonly connect?: (kubeConfig: KubeConfig, namespace: string) => Configuration;
  readonly metrics: PipelineMetrics;
}

/** A request the API refuses (schema, names): the caller's mistake, reported as such. */
export class InvalidRequestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRequestError';
  }
}

let validators: { request: ValidateFunction; response: ValidateFunction } | undefined;

function getValidators() {
  if (!validators) {
    const ajv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addSchema(schema);
    const get = (name: string): ValidateFunction => {
      const v = ajv.getSchema(`${schema.$id}#/definitions/${name}`);
      if (!v) throw new Error(`release API schema has no definition ${name}`);
      return v;
    };
    validators = { request: get('request'), response: get('response') };
  }
  return validators;
}

export function validateRequest(input: unknown): ReleaseApiRequest {
  const v = getValidators().request;
  if (!v(input)) {
    const e = v.errors?.[0];
    throw new InvalidRequestError(
      `release API request: ${e ? `${e.instancePath || '(root)'} ${e.message ?? e.keyword}` : 'invalid'}`,
    );
  }
  const req = input as ReleaseApiRequest;
  try {
    validateClusterName(req.cluster);
    if (req.namespace) validateNamespace(req.namespace);
  } catch (err) {
    throw new InvalidRequestError(errorMessage(err));
  }
  return req;
}

function summary(rel: Release, withNotes = false): ReleaseSummary {
  const entry = historyEntry(rel);
  return {
    name: rel.name ?? '',
    namespace: rel.namespace ?? '',
    revision: entry.revision,
    status: entry.status,
    chart: entry.chart,
    app_version: entry.app_version,
    updated: entry.updated,
    description: entry.description,
    ...(withNotes ? { notes: rel.info?.notes ?? '' } : {}),
  };
}

export async function handleReleaseApi(deps: ReleaseApiDeps, input: unknown): Promise<ReleaseApiResponse> {
  const req = validateRequest(input);
  const kubeConfig = await deps.resolveCluster(req.cluster);
  const namespace = req.namespace ?? 'default';
  const cfg = (deps.connect ?? ((kc, ns) => newConfiguration({ kubeConfig: kc, namespace: ns })))(
    kubeConfig,
    namespace,
  );
  const name = req.release ?? '';
  let response: ReleaseApiResponse;
  switch (req.action) {
    case 'status':
      response = {
        action: 'status',
        release: summary(await status(cfg, { releaseName: name, revision: req.revision }), true),
      };
      break;
    case 'history':
      response = {
        action: 'history',
        history: (await historyOf(cfg, { releaseName: name, max: req.max })).map(historyEntry),
      };
      break;
    case 'list':
      response = {
        action: 'list',
        releases: (await list(cfg, { allNamespaces: req.allNamespaces, filter: req.filter })).map((r) =>
          summary(r),
        ),
      };
      break;
    case 'get':
      response = await get(cfg, req, name);
      break;
    case 'preview':
      response = await preview(deps, cfg, req, name, namespace);
      break;
  }
  const check = getValidators().response;
  if (!check(response))
    throw new Error(`release API response does not match its schema: ${check.errors?.[0]?.message ?? ''}`);
  return response;
}

async function get(cfg: Configuration, req: ReleaseApiRequest, name: string): Promise<ReleaseApiResponse> {
  const what = req.what ?? 'all';
  const rel = await status(cfg, { releaseName: name, revision: req.revision });
  const out: ReleaseApiResponse & { action: 'get' } = { action: 'get', release: summary(rel) };
  if (what === 'all' || what === 'values') {
    out.values = JSON.parse(
      marshalJSON(await getValues(cfg, { releaseName: name, revision: req.revision })),
    ) as unknown;
  }
  if (what === 'all' || what === 'manifest') out.manifest = maskManifest(rel.manifest ?? '');
  if (what === 'all' || what === 'notes') out.notes = rel.info?.notes ?? '';
  if (what === 'all' || what === 'hooks') {
    out.hooks = maskManifest(
      (rel.hooks ?? [])
        .filter((h) => h !== null)
        .map((h) => `---\n# Source: ${h.path ?? ''}\n${h.manifest ?? ''}\n`)
        .join(''),
    );
  }
  return out;
}

async function preview(
  deps: ReleaseApiDeps,
  cfg: Configuration,
  req: ReleaseApiRequest,
  name: string,
  namespace: string,
): Promise<ReleaseApiResponse> {
  const bucket = req.bucket ?? deps.bucket;
  if (!bucket)
    throw new InvalidRequestError(
      'release API request: preview needs a bucket (request field or SLIPWAY_BUCKET)',
    );
  const key = req.chartKey ?? '';
  const obj = await getObject(deps.s3, bucket, key, req.chartVersionId);
  if (!obj) throw new InvalidRequestError(`chart object s3://${bucket}/${key} does not exist`);
  let values: GoMap = new Map();
  const sources =
    req.values ??
    (await Promise.all(
      orderValuesKeys(
        releasePrefix({ cluster: req.cluster, namespace, release: name }),
        await listKeys(deps.s3, bucket, releasePrefix({ cluster: req.cluster, namespace, release: name })),
      ).map(async (k) => ({
        name: k,
        yaml: new TextDecoder().decode((await getObject(deps.s3, bucket, k))?.bytes),
      })),
    ));
  for (const s of sources) values = mergeMaps(values, readValuesFile(s.name, s.yaml));
  let history: Release[] = [];
  try {
    history = await cfg.storage.history(name);
  } catch (err) {
    if (!(err instanceof ReleaseNotFoundError)) throw err;
  }
  const install = needsInstall(history);
  let deployed = '';
  if (!install) {
    try {
      deployed = (await cfg.storage.deployed(name)).manifest ?? '';
    } catch (err) {
      if (!(err instanceof NoDeployedReleasesError)) throw err;
    }
  }
  const started = performance.now();
  const chart = loadArchive(obj.bytes, key);
  const rendered = renderRelease(
    chart,
    { releaseName: name, namespace, values, isUpgrade: !install },
    await cfg.kube.capabilities(),
  );
  deps.metrics.addMetric('RenderTime', 'Milliseconds', since(started));
  const revision = history.reduce((m, r) => Math.max(m, r.version ?? 0), 0) + 1;
  return {
    action: 'preview',
    operation: install ? 'install' : 'upgrade',
    revision,
    changes: diffManifests(deployed, rendered.manifest),
    manifest: maskManifest(rendered.manifest),
    notes: rendered.notes,
  };
}
