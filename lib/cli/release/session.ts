/**
 * The cluster side of one CLI invocation: the kubeconfig (--kubeconfig/$KUBECONFIG, --kube-context),
 * the release namespace (-n, else $HELM_NAMESPACE, else the context's, else `default`) and the
 * actions' Configuration.
 */
import { newConfiguration, type Configuration } from '../../action/index.ts';
import { contextNamespace, loadKubeConfig } from '../../kube/index.ts';
import { flagBool, flagString, type ParsedArgs } from '../args.ts';

export interface Output {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

export function openConfiguration(p: ParsedArgs, io: Output): Configuration {
  let kubeConfig;
  try {
    kubeConfig = loadKubeConfig({
      kubeconfig: flagString(p, 'kubeconfig'),
      context: flagString(p, 'kube-context'),
    });
  } catch (err) {
    // helm meets an unreadable kubeconfig in its reachability check.
    throw new Error(`Kubernetes cluster unreachable: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  const namespace = flagString(p, 'namespace') || process.env.HELM_NAMESPACE || contextNamespace(kubeConfig);
  const debug = flagBool(p, 'debug');
  return newConfiguration({
    kubeConfig,
    namespace,
    warn: (message) => io.err(`WARNING: ${message}\n`),
    log: (message) => {
      if (debug) io.err(`${message}\n`);
    },
  });
}
