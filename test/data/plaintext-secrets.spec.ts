// disallow-plaintext-secret-manifests: a Secret with values in a scanned manifest file is reported
// (advisory by default); the same Secret declared by a Pulumi program, and a Secret without values
// (an ExternalSecret's target, a service-account token placeholder), are not.
import { strict as assert } from "assert";
import { T } from "../../policypacks/lib/k8s";
import { disallowPlaintextSecretManifests } from "../../policypacks/policies/kubernetes/data/disallow-plaintext-secret-manifests";
import { runResourcePolicy } from "../helpers/policy-harness";

const SCAN = "urn:pulumi:scan::manifests::kubernetes:core/v1:Secret::apps/db";
const PROGRAM = "urn:pulumi:prod::payments::kubernetes:core/v1:Secret::db";
// As `kubectl create secret generic db --from-literal=password=... --dry-run=client -o yaml` writes it.
const secret = (extra: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "db", namespace: "apps" }, type: "Opaque", ...extra });

describe("disallow-plaintext-secret-manifests", () => {
    it("reports a Secret with data in a scanned manifest, naming the keys, never the values", () => {
        const vs = runResourcePolicy(disallowPlaintextSecretManifests, { type: T.Secret, urn: SCAN, props: secret({ data: { password: Buffer.from("Canary-Passw0rd").toString("base64"), username: "YXBw" } }) });
        assert.equal(vs.length, 1);
        assert.equal(vs[0].enforcementLevel, "advisory");
        assert.match(vs[0].message, /Secret \(type Opaque\) carries 2 values \(data\.password, data\.username\) in the manifest file/);
        assert.ok(!vs[0].message.includes("Q2FuYXJ5") && !vs[0].message.includes("Canary"));
    });
    it("reports stringData too", () => {
        assert.equal(runResourcePolicy(disallowPlaintextSecretManifests, { type: T.Secret, urn: SCAN, props: secret({ stringData: { token: "x" } }) }).length, 1);
    });
    it("accepts a Secret without values, one declared by a program, and an allowed type", () => {
        assert.deepEqual(runResourcePolicy(disallowPlaintextSecretManifests, { type: T.Secret, urn: SCAN, props: secret({}) }), []);
        assert.deepEqual(runResourcePolicy(disallowPlaintextSecretManifests, { type: T.Secret, urn: PROGRAM, props: secret({ data: { password: "eA==" } }) }), []);
        const tls = secret({ type: "kubernetes.io/tls", data: { "tls.crt": "eA==", "tls.key": "eA==" } });
        assert.deepEqual(runResourcePolicy(disallowPlaintextSecretManifests, { type: T.Secret, urn: SCAN, props: tls, config: { allowedTypes: ["kubernetes.io/tls"] } }), []);
    });
});
