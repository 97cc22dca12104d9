// Kubernetes: per process type a Deployment (replicas = formation), a Service for web, the config
// vars in a Secret, and the release phase as a Job that is applied, and must complete, first.
import { createHash } from 'node:crypto';
import type { ExportFile, ExportResult } from '../files.js';
import { headerLines } from '../files.js';
import type { ExportModel, ExportProcess } from '../model.js';
import { assertDistinct, dnsLabel } from '../names.js';
import { yamlFile } from '../yaml-documents.js';

const NAME_LABEL = 'app.kubernetes.io/name';
const COMPONENT_LABEL = 'app.kubernetes.io/component';
/** Pod template annotation: a new release (image, config, release command) rolls every pod. */
const RELEASE_ANNOTATION = 'hdev/release';
const HASH_LENGTH = 8;
const RELEASE_SUFFIX = '-release-';

interface Names {
  readonly app: string;
  readonly secret: string;
  readonly job: string;
  readonly hash: string;
}

/**
 * A short digest of what makes a Heroku release: the slug (image), the config vars and the
 * release command. The Job is named after it, so applying the same release twice is a no-op
 * (a Job's spec is immutable) and a new one runs the release phase again, as Heroku does on
 * every deploy and every config change.
 */
function releaseHash(model: ExportModel): string {
  const digest = createHash('sha256');
  digest.update(JSON.stringify([model.image.reference, model.release ?? '', model.configVars]));
  return digest.digest('hex').slice(0, HASH_LENGTH);
}

function names(model: ExportModel): Names {
  const hash = releaseHash(model);
  const app = dnsLabel(model.appName, 63 - RELEASE_SUFFIX.length - HASH_LENGTH);
  return { app, secret: `${app}-config`, job: `${app}${RELEASE_SUFFIX}${hash}`, hash };
}

function labels(names: Names, component?: string): Record<string, string> {
  return {
    [NAME_LABEL]: names.app,
    ...(component === undefined ? {} : { [COMPONENT_LABEL]: component }),
  };
}

/**
 * PORT and DYNO as Heroku sets them in every dyno. `env` wins over `envFrom` in Kubernetes, as
 * the platform's values win over config vars on Heroku. DYNO is the pod name, which is what
 * Heroku's Fir generation sets (`web-12a34b56d-e78f9`): a Deployment's pods have no index.
 */
function container(model: ExportModel, names: Names, type: string, command: string): object {
  return {
    name: dnsLabel(type),
    image: model.image.reference,
    command: ['/bin/sh', '-c', command],
    envFrom: [{ secretRef: { name: names.secret } }],
    env: [
      { name: 'PORT', value: String(model.containerPort) },
      { name: 'DYNO', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    ],
  };
}

function deployment(model: ExportModel, names: Names, process: ExportProcess): object {
  const component = dnsLabel(process.type);
  const web = process.receivesTraffic
    ? {
        ports: [{ name: 'http', containerPort: model.containerPort }],
        // Heroku's router only sends traffic to a dyno once it has bound $PORT (R10 otherwise).
        readinessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 5 },
      }
    : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: dnsLabel(`${names.app}-${component}`), labels: labels(names, component) },
    spec: {
      replicas: process.quantity,
      selector: { matchLabels: labels(names, component) },
      template: {
        metadata: {
          labels: labels(names, component),
          annotations: { [RELEASE_ANNOTATION]: names.hash },
        },
        spec: {
          terminationGracePeriodSeconds: model.stopTimeoutSeconds,
          containers: [{ ...container(model, names, process.type, process.command), ...web }],
        },
      },
    },
  };
}

function service(names: Names): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${names.app}-web`, labels: labels(names, 'web') },
    spec: {
      selector: labels(names, 'web'),
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
}

/** All config vars go in a Secret: Heroku config vars are where an app's secrets live. */
function secret(model: ExportModel, names: Names): object {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: names.secret, labels: labels(names) },
    type: 'Opaque',
    stringData: Object.fromEntries(model.configVars),
  };
}

/**
 * The release phase runs once per release, not once per pod, so it is a Job and not an init
 * container (which would run in every replica, and again on every pod restart). A failed
 * release phase fails the release on Heroku without retry: backoffLimit 0.
 */
function releaseJob(model: ExportModel, names: Names, command: string): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: names.job, labels: labels(names, 'release') },
    spec: {
      backoffLimit: 0,
      template: {
        metadata: { labels: labels(names, 'release') },
        spec: {
          restartPolicy: 'Never',
          terminationGracePeriodSeconds: model.stopTimeoutSeconds,
          containers: [container(model, names, 'release', command)],
        },
      },
    },
  };
}

function applySteps(model: ExportModel, names: Names): string[] {
  if (model.release === undefined) return ['kubectl apply -f config.yaml -f app.yaml'];
  return [
    'kubectl apply -f config.yaml -f release.yaml',
    `kubectl wait --for=condition=complete --timeout=1h job/${names.job}`,
    'kubectl apply -f app.yaml',
    'The wait fails when the release Job fails, so the Deployments only roll after a',
    'successful release phase, as on Heroku.',
  ];
}

export function renderKubernetes(model: ExportModel): ExportResult {
  const n = names(model);
  assertDistinct(
    model.processes.map((process) => process.type),
    (type) => dnsLabel(`${n.app}-${dnsLabel(type)}`),
    'Kubernetes object names',
  );
  const notes = kubernetesNotes(model);
  const header = headerLines('# ', [
    `App ${model.appName}. Apply in this order:`,
    ...applySteps(model, n).map((line) => `  ${line}`),
    'config.yaml holds every config var in a Secret: Heroku config vars are where secrets live.',
    ...notes.map((note) => `Note: ${note}`),
    '',
  ]);
  const files: ExportFile[] = [
    { path: 'config.yaml', content: yamlFile(header, [secret(model, n)]), mode: 0o600 },
  ];
  if (model.release !== undefined) {
    files.push({
      path: 'release.yaml',
      content: yamlFile(header, [releaseJob(model, n, model.release)]),
      mode: 0o644,
    });
  }
  const objects = [
    ...model.processes.map((process) => deployment(model, n, process)),
    ...(model.processes.some((process) => process.receivesTraffic) ? [service(n)] : []),
  ];
  files.push({ path: 'app.yaml', content: yamlFile(header, objects), mode: 0o644 });
  return { files, notes };
}

function kubernetesNotes(model: ExportModel): string[] {
  return [
    ...(model.image.placeholder
      ? [`image ${model.image.reference} is a placeholder: rerun with --image IMAGE.`]
      : []),
    ...model.addons.map(
      (addon) =>
        `add-on ${addon.plan} is not created: provision it and set ${addon.configVar ?? 'its URL'} in config.yaml.`,
    ),
  ];
}
