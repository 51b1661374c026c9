/**
 * The cluster registry's default AWS paths (no injected deps): the real SDK clients for SSM,
 * Secrets Manager and STS and the Node credential chain, pointed by AWS_ENDPOINT_URL_* at a local
 * stand-in that answers as those services do (nothing installable here implements them). The same
 * server answers the Kubernetes `GET /version`, so the bearer tokens are read off the wire.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VersionApi } from '@kubernetes/client-node';
import { clearClusterCache, resolveCluster } from '../../lib/pipeline/clusters.ts';

interface AwsCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
  authorization: string;
}

const calls: AwsCall[] = [];
const bearer: string[] = [];
let server: Server;
let url: string;
const savedEnv = { ...process.env };

const registry = (api: string) => ({
  prod: {
    server: api,
    insecureSkipTlsVerify: true,
    auth: { kind: 'eks', clusterName: 'prod', region: 'eu-west-1' },
  },
  partner: {
    server: api,
    insecureSkipTlsVerify: true,
    auth: {
      kind: 'eks',
      clusterName: 'partner',
      region: 'us-east-1',
      roleArn: 'arn:aws:iam::210987654321:role/slipway-deployer-test',
    },
  },
  onprem: {
    server: api,
    insecureSkipTlsVerify: true,
    auth: { kind: 'token-secret', secretId: 'slipway/test/onprem' },
  },
});

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}

before(async () => {
  server = createServer(async (req, res) => {
    const text = await body(req);
    if (req.url === '/version') {
      bearer.push(req.headers.authorization ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ major: '1', minor: '31', gitVersion: 'v1.31.0' }));
      return;
    }
    const authorization = String(req.headers.authorization ?? '');
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target !== '') {
      // JSON protocols (SSM, Secrets Manager): `X-Amz-Target: <prefix>.<Action>`.
      const [prefix, action] = target.split('.');
      const params = JSON.parse(text) as Record<string, unknown>;
      calls.push({ service: prefix, action, params, authorization });
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (target === 'AmazonSSM.GetParameter') {
        res.end(
          JSON.stringify({
            Parameter: {
              Name: params.Name,
              Type: 'SecureString',
              Value: JSON.stringify(registry(url)),
              Version: 1,
            },
          }),
        );
      } else if (target === 'secretsmanager.GetSecretValue') {
        res.end(
          JSON.stringify({
            ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${params.SecretId}-AbCdEf`,
            Name: params.SecretId,
            SecretString: '{"token":"onprem-sa-token"}',
          }),
        );
      } else {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UnknownOperationException' }));
      }
      return;
    }
    // STS speaks the query protocol: a form body in, XML out.
    const params = Object.fromEntries(new URLSearchParams(text));
    calls.push({ service: 'sts', action: params.Action, params, authorization });
    res.setHeader('content-type', 'text/xml');
    res.end(
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
        `<Credentials><AccessKeyId>ASIAASSUMEDROLE</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey>` +
        `<SessionToken>assumed-session</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:${params.RoleSessionName}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::210987654321:assumed-role/slipway-deployer-test/${params.RoleSessionName}</Arn></AssumedRoleUser>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const key of Object.keys(process.env))
    if (key.startsWith('AWS_') || key.startsWith('SLIPWAY_')) delete process.env[key];
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIDFUNCTIONROLE',
    AWS_SECRET_ACCESS_KEY: 'function-secret',
    AWS_SESSION_TOKEN: 'function-session',
    AWS_ENDPOINT_URL_SSM: url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_EC2_METADATA_DISABLED: 'true',
    SLIPWAY_CLUSTERS_PARAMETER: '/slipway/test/clusters',
  });
  clearClusterCache();
});

after(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  clearClusterCache();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** The presigned STS URL inside a `Bearer k8s-aws-v1.…` header. */
function tokenUrl(header: string): URL {
  assert.match(header, /^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
  return new URL(Buffer.from(header.slice('Bearer k8s-aws-v1.'.length), 'base64url').toString());
}

test('the registry is read from SSM, decrypted, with the function credentials', async () => {
  const kc = await resolveCluster('prod');
  assert.equal((await kc.makeApiClient(VersionApi).getCode()).gitVersion, 'v1.31.0');
  const ssm = calls.filter((c) => c.service === 'AmazonSSM');
  assert.equal(ssm.length, 1);
  assert.deepEqual(ssm[0].params, { Name: '/slipway/test/clusters', WithDecryption: true });
  assert.match(
    ssm[0].authorization,
    /^AWS4-HMAC-SHA256 Credential=AKIDFUNCTIONROLE\/\d{8}\/eu-west-1\/ssm\/aws4_request/,
  );
});

test('eks: the token is signed with the function role from the Node credential chain', async () => {
  const kc = await resolveCluster('prod');
  await kc.makeApiClient(VersionApi).getCode();
  const u = tokenUrl(bearer.at(-1) ?? '');
  assert.equal(u.host, 'sts.eu-west-1.amazonaws.com');
  assert.match(
    u.searchParams.get('X-Amz-Credential') ?? '',
    /^AKIDFUNCTIONROLE\/\d{8}\/eu-west-1\/sts\/aws4_request$/,
  );
  assert.equal(u.searchParams.get('X-Amz-Security-Token'), 'function-session');
});

test('eks with roleArn: STS AssumeRole in the cluster region, the token signed by the assumed role', async () => {
  const kc = await resolveCluster('partner');
  await kc.makeApiClient(VersionApi).getCode();
  const sts = calls.filter((c) => c.service === 'sts');
  assert.equal(sts.length, 1);
  assert.equal(sts[0].action, 'AssumeRole');
  assert.equal(sts[0].params.RoleArn, 'arn:aws:iam::210987654321:role/slipway-deployer-test');
  assert.equal(sts[0].params.RoleSessionName, 'slipway-partner');
  assert.match(sts[0].authorization, /Credential=AKIDFUNCTIONROLE\/\d{8}\/us-east-1\/sts\/aws4_request/);
  const u = tokenUrl(bearer.at(-1) ?? '');
  assert.equal(u.host, 'sts.us-east-1.amazonaws.com');
  assert.match(u.searchParams.get('X-Amz-Credential') ?? '', /^ASIAASSUMEDROLE\//);
  assert.equal(u.searchParams.get('X-Amz-Security-Token'), 'assumed-session');
});

test('token-secret: GetSecretValue by name; the token from the secret goes on the wire', async () => {
  const kc = await resolveCluster('onprem');
  await kc.makeApiClient(VersionApi).getCode();
  const sm = calls.filter((c) => c.service === 'secretsmanager');
  assert.deepEqual(
    sm.map((c) => [c.action, c.params]),
    [['GetSecretValue', { SecretId: 'slipway/test/onprem' }]],
  );
  assert.equal(bearer.at(-1), 'Bearer onprem-sa-token');
  assert.equal(calls.filter((c) => c.service === 'AmazonSSM').length, 1, 'the registry was read once');
});
