/**
 * The release-api function over local HTTP: `POST /invoke` with the request JSON answers what a Lambda
 * Invoke would return — the handler's response, or (status 200, header `X-Amz-Function-Error:
 * Unhandled`) `{errorType, errorMessage}` when it throws.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { invoke, type FunctionConfig, type LambdaHandler } from './lambda.ts';
import { asError } from './upload-trigger.ts';

const MAX_REQUEST_BYTES = 6 * 1024 * 1024; // Lambda's synchronous payload limit

export interface ReleaseApiServer {
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startReleaseApi(
  handler: LambdaHandler<unknown, unknown>,
  fn: FunctionConfig,
  port = 0,
): Promise<ReleaseApiServer> {
  const server: Server = createServer((req, res) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body ?? null));
    };
    if (req.method !== 'POST' || req.url !== '/invoke') {
      reply(404, {
        message: `no route ${req.method ?? ''} ${req.url ?? ''}; POST /invoke invokes ${fn.name}`,
      });
      return;
    }
    void (async () => {
      const text = await readBody(req);
      if (text === undefined) return reply(413, { message: 'request payload over 6 MB' });
      let event: unknown;
      try {
        event = text === '' ? {} : JSON.parse(text);
      } catch (err) {
        return reply(400, { message: `invalid request JSON: ${asError(err).message}` });
      }
      try {
        reply(200, await invoke(handler, event, fn));
      } catch (err) {
        const e = asError(err);
        reply(200, { errorType: e.name, errorMessage: e.message }, { 'x-amz-function-error': 'Unhandled' });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
