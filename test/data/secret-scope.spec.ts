// data.secret-scope: which Secrets a pod may reference (restrict-secret-references)
// and whether the stack declares each of them (require-secrets-in-stack). Secret names may appear
// in messages; values never do.
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { restrictSecretReferences } from "../../policypacks/policies/kubernetes/data/restrict-secret-references";
import { requireSecretsInStack } from "../../policypacks/policies/kubernetes/data/require-secrets-in-stack";
import { globMatch } from "../../policypacks/lib/secret-refs";
import { messages, runStackPolicy, StackResourceInput, UNKNOWN, Violation } from "../helpers/policy-harness";
import { podCases, run } from "../workload/cases";
import { hardened, hardenedContainer, malformedVariants, POD_KINDS, shortKind } from "../workload/kinds";

const CANARY = "Canary-5d1e-Secret-Value";

const secretVolume = (secretName: string) => (s: any) => {
    s.volumes.push({ name: "creds", secret: { secretName } });
    s.containers[0].volumeMounts.push({ name: "creds", mountPath: "/var/run/secrets/app", readOnly: true });
};
const envRef = (name: string) => (s: any) => (s.containers[0].env = [{ name: "LOG_LEVEL", value: CANARY }, { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name, key: "password" } } }]);
const pull = (name: string) => (s: any) => (s.imagePullSecrets = [{ name }]);
const appLabel = { podMeta: { labels: { app: "web", "app.kubernetes.io/name": "shop" } } };

describe("globMatch", () => {
    const cases: Array<[string, string, boolean]> = [
        ["web-*", "web-db", true],
        ["web-*", "web", false],
        ["*", "anything", true],
        ["*-tls", "shop-tls", true],
        ["web.db", "webxdb", false],
        ["web.db", "web.db", true],
        ["a+b", "aab", false],
        ["apps/*", "apps/web-db", true],
        ["apps/*", "other/web-db", false],
    ];
    for (const [p, v, want] of cases) it(`"${p}" ${want ? "matches" : "does not match"} "${v}"`, () => assert.equal(globMatch(p, v), want));
});

podCases(restrictSecretReferences, [
    { title: "no Secret references", fires: 0 },
    { title: "a volume of the workload's own Secret (web-db)", mutate: secretVolume("web-db"), fires: 0 },
    { title: "a volume of the Secret named like the workload (web)", mutate: secretVolume("web"), fires: 0 },
    {
        title: "a volume of another component's Secret",
        mutate: secretVolume("payments-db"),
        fires: 1,
        match: /(?:[a-zA-Z]+\.)*spec\.volumes\[1\]\.secret\.secretName="payments-db" references a Secret that is not allowed for this workload; allowed in namespace "apps" \(allowedSecrets\["\*"\]\): "\{workload\}", "\{workload\}-\*" with \{workload\} = "web"\.$/,
    },
    { title: "a Secret prefixed with the workload name but no dash (webhook)", mutate: secretVolume("webhook"), fires: 1 },
    {
        title: "a projected Secret source",
        mutate: (s) => s.volumes.push({ name: "p", projected: { sources: [{ configMap: { name: "cfg" } }, { secret: { name: "shared" } }] } }),
        fires: 1,
        match: /volumes\[1\]\.projected\.sources\[1\]\.secret\.name="shared"/,
    },
    { title: "a secretKeyRef", mutate: envRef("db"), fires: 1, match: /containers\[0\]\.env\[1\]\.valueFrom\.secretKeyRef\.name="db" \(container "app"\)/ },
    {
        title: "an envFrom secretRef in an init container",
        mutate: (s) => (s.initContainers = [{ ...hardenedContainer("init"), envFrom: [{ configMapRef: { name: "cfg" } }, { secretRef: { name: "db" } }] }]),
        fires: 1,
        match: /initContainers\[0\]\.envFrom\[1\]\.secretRef\.name="db" \(initContainer "init"\)/,
    },
    {
        title: "an azureFile volume's account Secret",
        mutate: (s) => s.volumes.push({ name: "share", azureFile: { secretName: "storage-account", shareName: "data" } }),
        fires: 1,
        match: /volumes\[1\]\.azureFile\.secretName="storage-account"/,
    },
    {
        title: "a CSI volume's nodePublishSecretRef",
        mutate: (s) => s.volumes.push({ name: "kv", csi: { driver: "secrets-store.csi.k8s.io", nodePublishSecretRef: { name: "kv-creds" } } }),
        fires: 1,
        match: /volumes\[1\]\.csi\.nodePublishSecretRef\.name="kv-creds"/,
    },
    { title: "an imagePullSecret (not checked by default)", mutate: pull("acr-pull"), fires: 0 },
    { title: "an imagePullSecret with checkImagePullSecrets", mutate: pull("acr-pull"), config: { checkImagePullSecrets: true }, fires: 1, match: /imagePullSecrets\[0\]\.name="acr-pull"/ },
    { title: "a Secret named after the app.kubernetes.io/name label", mutate: secretVolume("shop-db"), opts: appLabel, fires: 0 },
    { title: "a Secret allowed for the namespace", mutate: secretVolume("shared-ca"), config: { allowedSecrets: { apps: ["shared-ca"] } }, fires: 0 },
    {
        title: "the workload's own Secret where the namespace entry replaces the default",
        mutate: secretVolume("web-db"),
        config: { allowedSecrets: { apps: ["shared-ca"], "*": ["{workload}-*"] } },
        fires: 1,
        match: /allowedSecrets\["apps"\]\): "shared-ca"/,
    },
    { title: "a Secret matching a wildcard for every namespace", mutate: secretVolume("web-tls"), config: { allowedSecrets: { "*": ["*-tls"] } }, fires: 0 },
    { title: "a Secret where every Secret is disallowed", mutate: secretVolume("web-db"), config: { allowedSecrets: {} }, fires: 1, match: /no Secret is allowed in namespace "apps" \(allowedSecrets\["\*"\] is empty or unset\)/ },
    { title: "a Secret where the namespace allows none", mutate: secretVolume("web-db"), config: { allowedSecrets: { apps: [] } }, fires: 1, match: /allowedSecrets\["apps"\]/ },
    { title: "a Secret in another namespace's entry only", mutate: secretVolume("shared-ca"), config: { allowedSecrets: { other: ["shared-ca"], "*": [] } }, fires: 1 },
    { title: "a default-namespace workload", mutate: secretVolume("shared-ca"), opts: { meta: { namespace: undefined } }, config: { allowedSecrets: { default: ["shared-ca"] } }, fires: 0 },
    { title: "three references, two not allowed", mutate: (s) => { secretVolume("web-db")(s); envRef("db")(s); pull("x")(s); s.containers[0].envFrom = [{ secretRef: { name: "db" } }]; }, fires: 2 },
    { title: "a malformed allowedSecrets entry", mutate: secretVolume("web-db"), config: { allowedSecrets: { "*": "web-db" } }, fires: 1 },
]);

describe("restrict-secret-references: values never printed, unknowns never guessed", () => {
    for (const kind of POD_KINDS) {
        it(`names the Secret but no env value (${shortKind(kind)})`, () => {
            const vs = run(restrictSecretReferences, kind, hardened(kind, envRef("db")));
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
            assert.ok(!vs[0].message.includes(CANARY), vs[0].message);
        });
    }
    const notCheckable = (vs: Violation[]) => vs.length === 1 && /can't run policy 'restrict-secret-references' during preview/.test(vs[0].message) && vs[0].enforcementLevel === "advisory";
    it("reports a Secret name unknown at preview as not checkable (advisory), after the known ones", () => {
        assert.ok(notCheckable(run(restrictSecretReferences, T.Deployment, hardened(T.Deployment, secretVolume(UNKNOWN)))));
        const vs = run(restrictSecretReferences, T.Deployment, hardened(T.Deployment, (s) => { secretVolume(UNKNOWN)(s); envRef("db")(s); }));
        assert.deepEqual(vs.map((v) => /can't run policy/.test(v.message)), [false, true]);
        assert.match(vs[0].message, /secretKeyRef\.name="db"/);
    });
    it("with an unknown namespace, judges by `*` when no namespace has its own entry, else is not checkable", () => {
        const p = hardened(T.Deployment, secretVolume("other"), { meta: { namespace: UNKNOWN } });
        const vs = run(restrictSecretReferences, T.Deployment, p);
        assert.equal(vs.length, 1);
        assert.doesNotMatch(vs[0].message, /can't run policy/);
        assert.match(vs[0].message, /namespace "\(unknown\)"/);
        assert.ok(notCheckable(run(restrictSecretReferences, T.Deployment, p, { allowedSecrets: { apps: ["other"], "*": [] } })));
    });
    it("does not report a Secret that an unknown workload name or app label might allow", () => {
        const p = hardened(T.Deployment, secretVolume("shop-db"), { meta: { name: UNKNOWN } });
        assert.ok(notCheckable(run(restrictSecretReferences, T.Deployment, p)));
        const q = hardened(T.Deployment, secretVolume("shop-db"), { podMeta: { labels: { app: UNKNOWN } } });
        assert.ok(notCheckable(run(restrictSecretReferences, T.Deployment, q)));
        // with no {workload} pattern, an unknown name changes nothing
        assert.equal(run(restrictSecretReferences, T.Deployment, p, { allowedSecrets: { "*": ["web-*"] } })[0].message.includes("can't run"), false);
    });
    it("reports unknown volumes, containers, env and pod specs at preview as not checkable, never a crash", () => {
        const muts = [(s: any) => (s.volumes = UNKNOWN), (s: any) => (s.containers = UNKNOWN), (s: any) => (s.containers[0].env = UNKNOWN), (s: any) => (s.volumes[0] = UNKNOWN), (s: any) => (s.containers[0] = UNKNOWN)];
        for (const m of muts) assert.ok(notCheckable(run(restrictSecretReferences, T.Deployment, hardened(T.Deployment, m))), String(m));
        for (const kind of POD_KINDS) {
            const p = hardened(kind);
            const set = (o: any, path: string[]) => { let c = o; for (const k of path.slice(0, -1)) c = c[k]; c[path[path.length - 1]] = UNKNOWN; };
            set(p, kind === T.Pod ? ["spec"] : kind === T.PodTemplate ? ["template"] : ["spec"]);
            assert.ok(notCheckable(run(restrictSecretReferences, kind, p)), shortKind(kind));
        }
    });
    it("is waivable per workload", () => {
        const p = hardened(T.Deployment, secretVolume("payments-db"), {
            meta: { annotations: { "waivers.ksl.dev/restrict-secret-references": "expires=2026-12-31; justification=shares the payments DB during the migration" } },
        });
        const saved = process.env.KSL_TODAY;
        process.env.KSL_TODAY = "2026-06-01";
        try {
            const vs = run(restrictSecretReferences, T.Deployment, p);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].waived, true);
            assert.equal(vs[0].enforcementLevel, "advisory");
        } finally {
            if (saved === undefined) delete process.env.KSL_TODAY;
            else process.env.KSL_TODAY = saved;
        }
    });
});

// require-secrets-in-stack: small stacks around one workload that mounts Secret "web-db".
const mountsDb = (type: string, meta?: Record<string, unknown>, podMeta?: Record<string, unknown>, mutate?: (s: any) => void): StackResourceInput => ({
    type,
    name: "web",
    props: hardened(type, (s) => { secretVolume("web-db")(s); mutate?.(s); }, { ...(meta ? { meta } : {}), ...(podMeta ? { podMeta } : {}) }),
});
const secret = (name: unknown, namespace: unknown = "apps"): StackResourceInput => ({
    type: T.Secret,
    name: `secret-${String(name)}-${String(namespace)}`,
    props: { apiVersion: "v1", kind: "Secret", metadata: { name, namespace }, type: "Opaque", data: { password: Buffer.from(CANARY).toString("base64") } },
});
const crd = (type: string, name: string, spec: Record<string, unknown>): StackResourceInput => ({
    type,
    name: `crd-${name}`,
    props: { metadata: { name, namespace: "apps" }, spec },
});

describe("require-secrets-in-stack", () => {
    const check = (resources: StackResourceInput[], config?: Record<string, unknown>) => messages(runStackPolicy(requireSecretsInStack, resources, config));

    for (const kind of POD_KINDS) {
        const k = shortKind(kind);
        it(`accepts a ${k} whose Secret is in its namespace`, () => assert.deepEqual(check([secret("web-db"), mountsDb(kind)]), []));
        it(`rejects a ${k} whose Secret the stack does not declare`, () => {
            const vs = runStackPolicy(requireSecretsInStack, [mountsDb(kind)]);
            assert.equal(vs.length, 1);
            assert.equal(vs[0].enforcementLevel, "advisory");
            assert.equal(vs[0].urn, `urn:pulumi:test::test::${kind}::web`);
            assert.match(
                vs[0].message,
                new RegExp(`${k} apps/web references Secret "web-db" \\((?:[a-zA-Z]+\\.)*spec\\.volumes\\[1\\]\\.secret\\.secretName\\), which is neither created in namespace "apps" by the stack nor declared external \\(externalSecrets or the secrets\\.ksl\\.dev/external annotation\\)\\.$`),
            );
        });
        it(`rejects a ${k} whose Secret is in another namespace`, () => assert.equal(check([secret("web-db", "other"), mountsDb(kind)]).length, 1));
    }

    const providers: Array<[string, StackResourceInput]> = [
        ["an ExternalSecret's target", crd("kubernetes:external-secrets.io/v1:ExternalSecret", "db-sync", { target: { name: "web-db" }, secretStoreRef: { kind: "ClusterSecretStore", name: "kv" } })],
        ["an ExternalSecret named like the Secret (v1beta1)", crd("kubernetes:external-secrets.io/v1beta1:ExternalSecret", "web-db", { secretStoreRef: { kind: "SecretStore", name: "kv" } })],
        ["a SecretProviderClass's secretObjects", crd("kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass", "kv", { provider: "azure", secretObjects: [null, { secretName: "web-db", type: "Opaque" }] })],
        ["a cert-manager Certificate", crd("kubernetes:cert-manager.io/v1:Certificate", "web", { secretName: "web-db", dnsNames: ["web.example.com"] })],
        ["a SealedSecret", crd("kubernetes:bitnami.com/v1alpha1:SealedSecret", "web-db", { encryptedData: { password: "AgB" } })],
        ["a SealedSecret's template name", crd("kubernetes:bitnami.com/v1alpha1:SealedSecret", "sealed", { template: { metadata: { name: "web-db" } } })],
    ];
    for (const [what, provider] of providers) {
        it(`accepts a Secret provided by ${what}`, () => assert.deepEqual(check([provider, mountsDb(T.Deployment)]), []));
    }
    it("does not take an unrelated CRD or a ConfigMap for a provider", () => {
        assert.equal(check([crd("kubernetes:example.com/v1:Secret", "web-db", {}), { type: T.ConfigMap, name: "cm", props: { metadata: { name: "web-db", namespace: "apps" } } }, mountsDb(T.Deployment)]).length, 1);
    });

    for (const [entry, fires] of [["web-db", 0], ["apps/web-db", 0], ["apps/*", 0], ["web-*", 0], ["other/web-db", 1], ["db", 1]] as const) {
        it(`${fires ? "does not accept" : "accepts"} a Secret declared external as "${entry}"`, () => {
            assert.equal(check([mountsDb(T.Deployment)], { externalSecrets: [entry] }).length, fires);
        });
    }
    it("accepts Secrets declared in the workload's secrets.ksl.dev/external annotation (pod template or resource)", () => {
        assert.deepEqual(check([mountsDb(T.Deployment, undefined, { annotations: { "secrets.ksl.dev/external": "other, web-db" } })]), []);
        assert.deepEqual(check([mountsDb(T.Deployment, { annotations: { "secrets.ksl.dev/external": "web-db" } })]), []);
        assert.equal(check([mountsDb(T.Deployment, undefined, { annotations: { "secrets.ksl.dev/external": "web-dbx" } })]).length, 1);
    });
    it("reports each missing Secret once per workload, at its first reference", () => {
        const ms = check([mountsDb(T.Deployment, undefined, undefined, envRef("web-db"))]);
        assert.equal(ms.length, 1);
        assert.match(ms[0], /volumes\[1\]\.secret\.secretName/);
        assert.ok(!ms[0].includes(CANARY));
    });
    it("reports an env reference with its container", () => {
        const ms = check([secret("web-db"), mountsDb(T.Deployment, undefined, undefined, envRef("db"))]);
        assert.equal(ms.length, 1);
        assert.match(ms[0], /Secret "db" \(spec\.template\.spec\.containers\[0\]\.env\[1\]\.valueFrom\.secretKeyRef\.name of container "app"\)/);
    });
    it("checks imagePullSecrets only when configured", () => {
        const w = mountsDb(T.Deployment, undefined, undefined, pull("acr-pull"));
        assert.deepEqual(check([secret("web-db"), w]), []);
        assert.equal(check([secret("web-db"), w], { checkImagePullSecrets: true }).length, 1);
    });
    it("resolves an unset namespace to default on both sides", () => {
        assert.deepEqual(check([secret("web-db", null), mountsDb(T.Deployment, { namespace: undefined })]), []);
    });
    it("reports what it cannot verify at preview as not checkable (advisory), never as a finding", () => {
        const notCheckable = (resources: StackResourceInput[]) => {
            const vs = runStackPolicy(requireSecretsInStack, resources);
            assert.equal(vs.length, 1, JSON.stringify(vs));
            assert.match(vs[0].message, /can't run policy 'require-secrets-in-stack' during preview/);
            assert.equal(vs[0].enforcementLevel, "advisory");
        };
        // workload namespace unknown; a Secret of the namespace with an unknown name; the referenced
        // name unknown; the external annotation unknown; the pod template unknown
        notCheckable([mountsDb(T.Deployment, { namespace: UNKNOWN })]);
        notCheckable([secret(UNKNOWN), mountsDb(T.Deployment)]);
        notCheckable([{ type: T.Deployment, name: "w", props: hardened(T.Deployment, secretVolume(UNKNOWN)) }]);
        const unknownAnnotations = mountsDb(T.Deployment);
        (unknownAnnotations.props as any).spec.template.metadata.annotations = UNKNOWN;
        notCheckable([unknownAnnotations]);
        notCheckable([mountsDb(T.Deployment, undefined, { annotations: { "secrets.ksl.dev/external": UNKNOWN } })]);
        notCheckable([{ type: T.CronJob, name: "c", props: { metadata: { name: "c", namespace: "apps" }, spec: UNKNOWN } }]);
        // known references are still judged next to unknown ones
        const vs = runStackPolicy(requireSecretsInStack, [mountsDb(T.Deployment, undefined, undefined, (s) => s.containers[0].envFrom = [{ secretRef: { name: UNKNOWN } }])]);
        assert.equal(vs.length, 2);
        assert.match(vs[0].message, /references Secret "web-db"/);
        assert.match(vs[1].message, /can't run policy/);
        // nothing unknown decides when the Secret is found
        assert.deepEqual(check([secret(UNKNOWN), secret("web-db"), unknownAnnotations]), []);
    });
    it("follows a namespace known only through its Namespace resource (preview)", () => {
        const ns: StackResourceInput = { type: T.Namespace, name: "ns", props: { metadata: { name: "apps" } } };
        const s = secret("web-db", UNKNOWN);
        s.propertyDependencies = { metadata: ["ns"] };
        const w = mountsDb(T.Deployment, { namespace: UNKNOWN });
        w.propertyDependencies = { metadata: ["ns"] };
        assert.deepEqual(check([ns, s, w]), []);
        assert.equal(check([ns, w]).length, 1);
    });
    it("never throws on malformed resources", () => {
        const junk: StackResourceInput[] = [
            { type: T.Secret, name: "a", props: { metadata: null, data: "x" } },
            { type: T.Secret, name: "b", props: { metadata: { name: 5, namespace: ["x"] } } },
            crd("kubernetes:external-secrets.io/v1:ExternalSecret", "e", { target: "x" }),
            crd("kubernetes:secrets-store.csi.x-k8s.io/v1:SecretProviderClass", "s", { secretObjects: "x" }),
            { type: "kubernetes:cert-manager.io/v1:Certificate", name: "c", props: { spec: null } },
            { type: "kubernetes:bitnami.com/v1alpha1:SealedSecret", name: "ss", props: { metadata: UNKNOWN as any, spec: { template: 5 } } },
            ...malformedVariants(T.Deployment).map((props, i) => ({ type: T.Deployment, name: `d${i}`, props })),
            ...malformedVariants(T.Pod).map((props, i) => ({ type: T.Pod, name: `p${i}`, props })),
            mountsDb(T.Job, { annotations: { "secrets.ksl.dev/external": 5 } }, undefined, (s) => { s.volumes.push({ secret: null }, { projected: { sources: "x" } }, { csi: { nodePublishSecretRef: 3 } }); s.imagePullSecrets = "x"; }),
        ];
        assert.doesNotThrow(() => runStackPolicy(requireSecretsInStack, junk));
        assert.doesNotThrow(() => runStackPolicy(requireSecretsInStack, junk, { externalSecrets: "x", checkImagePullSecrets: "yes" }));
    });
});
