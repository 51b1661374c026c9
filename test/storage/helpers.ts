/** Shared test helpers: release records and an in-memory SecretsApi that behaves like the API server. */
import { ConflictError } from '../../lib/storage/index.ts';
import { SecretsApiError } from '../../lib/storage/index.ts';
import type { SecretObject, SecretsApi } from '../../lib/storage/index.ts';
import type { Release } from '../../lib/release/index.ts';

export function rel(name: string, version: number, status: string, extra: Partial<Release> = {}): Release {
  return {
    name,
    info: {
      first_deployed: '2026-11-24T02:10:31.982524501Z',
      last_deployed: '2026-11-24T02:10:31.982524501Z',
      deleted: '',
      description: `rev ${version}`,
      status,
    },
    chart: {
      metadata: { name: 'c', version: '0.1.0', apiVersion: 'v2' },
      lock: null,
      templates: null,
      values: null,
      schema: null,
      files: null,
    },
    manifest: `---\n# rev ${version}\n`,
    version,
    namespace: 'default',
    ...extra,
  };
}

/** Parses an equality selector `k=v,k2=v2`. */
function matches(selector: string, labels: Record<string, string> = {}): boolean {
  if (selector === '') return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return labels[k] === v;
  });
}

/** A SecretsApi double with the API server's create/update/delete/resourceVersion semantics; records calls. */
export class FakeSecretsApi implements SecretsApi {
  readonly namespace: string;
  readonly objects = new Map<string, SecretObject>();
  readonly calls: string[] = [];
  #rv = 100;
  constructor(namespace = 'default') {
    this.namespace = namespace;
  }
  #copy(s: SecretObject): SecretObject {
    return JSON.parse(JSON.stringify(s)) as SecretObject;
  }
  async get(name: string): Promise<SecretObject> {
    this.calls.push(`GET ${name}`);
    const s = this.objects.get(name);
    if (!s) throw new SecretsApiError(404, 'NotFound', `secrets "${name}" not found`);
    return this.#copy(s);
  }
  async list(labelSelector: string): Promise<SecretObject[]> {
    this.calls.push(`LIST ${labelSelector}`);
    return [...this.objects.values()]
      .filter((s) => matches(labelSelector, s.metadata.labels))
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))
      .map((s) => this.#copy(s));
  }
  async create(secret: SecretObject): Promise<SecretObject> {
    this.calls.push(`POST ${secret.metadata.name}`);
    if (this.objects.has(secret.metadata.name))
      throw new SecretsApiError(409, 'AlreadyExists', `secrets "${secret.metadata.name}" already exists`);
    const stored = this.#copy(secret);
    stored.metadata.namespace = this.namespace;
    stored.metadata.resourceVersion = String(this.#rv++);
    this.objects.set(secret.metadata.name, stored);
    return this.#copy(stored);
  }
  async update(secret: SecretObject): Promise<SecretObject> {
    this.calls.push(`PUT ${secret.metadata.name}`);
    const cur = this.objects.get(secret.metadata.name);
    if (!cur) throw new SecretsApiError(404, 'NotFound', `secrets "${secret.metadata.name}" not found`);
    const want = secret.metadata.resourceVersion;
    if (want !== undefined && want !== cur.metadata.resourceVersion) {
      throw new SecretsApiError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on secrets "${secret.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    const stored = this.#copy(secret);
    stored.metadata.namespace = this.namespace;
    stored.metadata.resourceVersion = String(this.#rv++);
    this.objects.set(secret.metadata.name, stored);
    return this.#copy(stored);
  }
  async delete(name: string): Promise<void> {
    this.calls.push(`DELETE ${name}`);
    if (!this.objects.delete(name)) throw new SecretsApiError(404, 'NotFound', `secrets "${name}" not found`);
  }
}

export { ConflictError };
