/** Charts, S3 uploads and a cluster (the Kubernetes emulator) for the pipeline tests. */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { KubeConfig } from '@kubernetes/client-node';
import {
  startKubeEmulator,
  kubeconfigText,
  type FaultConfig,
  type KubeEmulator,
} from '../../infra/local/kube/index.ts';
import { tgz, type Entry } from '../chart/tar-fixtures.ts';
import type { UploadEvent } from '../../lib/pipeline/upload.ts';
import type { Aws } from './aws.ts';

/** A small application chart: a ConfigMap and a Secret from values, with a values schema. */
export function webChart(over: Record<string, string> = {}, version = '0.1.0'): Buffer {
  const files: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2\nname: web\nversion: ${version}\n`,
    'values.yaml': 'greeting: hello\nreplicas: 1\npassword: changeme\n',
    'values.schema.json': JSON.stringify({
      type: 'object',
      properties: { replicas: { type: 'integer', minimum: 1 }, greeting: { type: 'string' } },
    }),
    'templates/configmap.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  replicas: {{ .Values.replicas | quote }}\n',
    'templates/secret.yaml':
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: {{ .Release.Name }}-auth\ntype: Opaque\nstringData:\n  password: {{ .Values.password | quote }}\n',
    ...over,
  };
  const entries: Entry[] = Object.entries(files).map(([name, data]) => ({ name: `web/${name}`, data }));
  return tgz(entries);
}

export function chartWithEntries(entries: Entry[]): Buffer {
  return tgz(entries);
}

let sequencer = 0;

/** Puts an object and returns the ObjectCreated event S3 would send for it. */
export async function upload(
  aws: Aws,
  bucket: string,
  key: string,
  body: Uint8Array | string,
  metadata: Record<string, string> = {},
): Promise<UploadEvent> {
  const out = await aws.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, Metadata: metadata }),
  );
  sequencer += 1;
  return {
    bucket,
    key,
    eTag: out.ETag?.replace(/"/g, ''),
    sequencer: sequencer.toString(16).toUpperCase().padStart(16, '0'),
    size: typeof body === 'string' ? Buffer.byteLength(body) : body.length,
    ...(out.VersionId ? { versionId: out.VersionId } : {}),
  };
}

export interface Cluster {
  readonly emulator: KubeEmulator;
  readonly kubeConfig: KubeConfig;
  readonly resolve: (name: string) => Promise<KubeConfig>;
}

/** One emulated cluster registered as `dev`; other names are unknown. */
export async function startCluster(faults?: FaultConfig): Promise<Cluster> {
  const emulator = await startKubeEmulator(faults ? { faults } : {});
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(kubeconfigText(emulator.url));
  return {
    emulator,
    kubeConfig,
    resolve: async (name) => {
      if (name !== 'dev') throw new Error(`unknown cluster "${name}" (registered: dev)`);
      return kubeConfig;
    },
  };
}
