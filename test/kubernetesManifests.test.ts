/**
 * deploy/kubernetes: every manifest is valid against the Kubernetes schemas (kubernetes-models' typed models and
 * their validate()), the kustomization lists them all, and the game pods are wired the way the server needs:
 * each env var one server/config.ts reads, a per-pod PUBLIC_ADDRESS routed to that pod, the health probes, a
 * grace period above the server's drain, a disruption budget that selects the pods.
 */
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";

const DIR = "deploy/kubernetes";

type Model = { validate(): void };
const MODELS: Record<string, new (data: never) => Model> = {
  "v1/Namespace": Namespace,
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/StatefulSet": StatefulSet,
  "networking.k8s.io/v1/Ingress": Ingress,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
};

// Loose shapes for reading the parsed YAML (the models above validate it).
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

function parseFile(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(join(DIR, file), "utf8")).map((doc) => {
    assert.deepEqual(doc.errors, [], `${file}: YAML errors`);
    return doc.toJS() as Manifest;
  });
}

function validate(manifest: Manifest, where: string): void {
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  assert.ok(Model, `${where}: no schema model for ${manifest.apiVersion} ${manifest.kind} (add it to MODELS)`);
  try {
    new Model(manifest as never).validate();
  } catch (err) {
    assert.fail(`${where}: ${manifest.kind} ${manifest.metadata?.name} is not valid: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Every env var name server/config.ts reads (`env.X`, `env["X"]`, `int("X", …)`). */
function configKeys(): Set<string> {
  const source = readFileSync("server/config.ts", "utf8");
  const keys = new Set<string>();
  for (const m of source.matchAll(/env\.([A-Z][A-Z0-9_]*)|env\["([A-Z][A-Z0-9_]*)"\]|int\("([A-Z][A-Z0-9_]*)"/g)) keys.add((m[1] ?? m[2] ?? m[3])!);
  return keys;
}

describe("Kubernetes manifests (deploy/kubernetes)", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml").sort();
  const manifests = files.flatMap((file) => parseFile(file).map((m) => ({ file, m })));
  const find = (kind: string, name: string) => manifests.find(({ m }) => m.kind === kind && m.metadata.name === name)?.m;
  const game = () => find("StatefulSet", "orb-arena")!;
  const gameContainer = () => game().spec.template.spec.containers.find((c: { name: string }) => c.name === "game");

  it("every manifest is valid against the Kubernetes schemas, and the kustomization lists every file", () => {
    assert.ok(manifests.length >= 10, `only ${manifests.length} manifests`);
    for (const { file, m } of manifests) validate(m, file);
    const [kustomization] = parseFile("kustomization.yaml");
    assert.equal(kustomization!.kind, "Kustomization");
    assert.deepEqual([...(kustomization!.resources as string[])].sort(), files, "kustomization.yaml resources = the manifest files");
  });

  it("the validator refuses a broken manifest (the check above can fail)", () => {
    const broken = structuredClone(game());
    broken.spec.replicas = "three";
    assert.throws(() => new StatefulSet(broken as never).validate());
    const noPort = structuredClone(find("Service", "orb-arena")!);
    delete noPort.spec.ports[0].port;
    assert.throws(() => new Service(noPort as never).validate());
  });

  it("each env var the game pods get is one server/config.ts reads (downward-API helpers only inside another value)", () => {
    const keys = configKeys();
    assert.ok(keys.has("REDIS_SENTINELS") && keys.has("PUBLIC_ADDRESS") && keys.has("PORT"), "the scan of config.ts finds its keys");
    const container = gameContainer();
    const fromMaps = (container.envFrom ?? []).flatMap((source: { configMapRef?: { name: string } }) => {
      const map = find("ConfigMap", source.configMapRef!.name);
      assert.ok(map, `ConfigMap ${source.configMapRef!.name} is in the manifests`);
      return Object.keys(map.data);
    });
    const env = container.env as Array<{ name: string; value?: string; valueFrom?: { fieldRef?: unknown } }>;
    const referenced = env.flatMap((e) => [...(e.value ?? "").matchAll(/\$\(([A-Z0-9_]+)\)/g)].map((m) => m[1]!));
    for (const name of fromMaps) assert.ok(keys.has(name), `ConfigMap sets ${name}, which server/config.ts does not read`);
    for (const e of env) {
      if (keys.has(e.name)) continue;
      assert.ok(e.valueFrom?.fieldRef && referenced.includes(e.name), `env ${e.name} is neither read by server/config.ts nor a downward-API value used in another one`);
    }
  });

  it("each game pod advertises its own address, and the ingress routes that host to that pod alone", () => {
    const replicas = game().spec.replicas as number;
    const env = gameContainer().env as Array<{ name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }>;
    assert.equal(env.find((e) => e.name === "POD_NAME")?.valueFrom?.fieldRef?.fieldPath, "metadata.name");
    const address = env.find((e) => e.name === "PUBLIC_ADDRESS")?.value;
    assert.ok(address?.includes("$(POD_NAME)"), "PUBLIC_ADDRESS is built from the pod's name");
    assert.ok(env.findIndex((e) => e.name === "POD_NAME") < env.findIndex((e) => e.name === "PUBLIC_ADDRESS"), "POD_NAME is defined before its use");
    const ingress = find("Ingress", "orb-arena")!;
    for (let i = 0; i < replicas; i++) {
      const pod = `${game().metadata.name}-${i}`;
      const host = address!.replace("$(POD_NAME)", pod);
      const rule = ingress.spec.rules.find((r: { host: string }) => r.host === host);
      assert.ok(rule, `no ingress rule for ${host}`);
      const serviceName = rule.http.paths[0].backend.service.name;
      const service = find("Service", serviceName);
      assert.ok(service, `ingress points ${host} at a missing service ${serviceName}`);
      assert.deepEqual(service.spec.selector, { "statefulset.kubernetes.io/pod-name": pod }, `${serviceName} selects ${pod} alone`);
      assert.equal(service.spec.publishNotReadyAddresses, true, `${serviceName} keeps routing to a draining (not ready) pod`);
    }
  });

  it("game pods: readiness on /health/ready, liveness on /health, grace above the drain, requests from the benchmark, a disruption budget", () => {
    const container = gameContainer();
    assert.equal(container.readinessProbe.httpGet.path, "/health/ready");
    assert.equal(container.livenessProbe.httpGet.path, "/health");
    const map = find("ConfigMap", "orb-arena-env")!;
    const drainSeconds = Number(map.data.DRAIN_SECONDS ?? 0);
    assert.ok(game().spec.template.spec.terminationGracePeriodSeconds > drainSeconds + 10, "the grace period leaves time to close after the drain");
    assert.equal(container.resources.requests.cpu, "1", "one core per pod: a process runs the game on one thread");
    assert.ok(!container.resources.limits?.cpu, "no CPU limit (throttling stutters the game loop)");
    const pdb = find("PodDisruptionBudget", "orb-arena")!;
    assert.deepEqual(pdb.spec.selector.matchLabels, game().spec.selector.matchLabels);
    for (const name of ["orb-arena-redis", "orb-arena-sentinel"]) {
      assert.ok(find("StatefulSet", name)?.spec.replicas >= 3, `${name}: three pods`);
      assert.deepEqual(find("PodDisruptionBudget", name)?.spec.selector.matchLabels, find("StatefulSet", name)!.spec.selector.matchLabels);
    }
  });
});
