import { strict as assert } from "assert";
import * as path from "path";
import { parseManifests, typeToken } from "../../engine/sources/manifests";
import { loadManifests } from "../../engine/sources/scan-paths";
import { SECRET_KEY } from "../../engine/model";
import { MANIFESTS } from "./helpers";

const rel = (f: string) => path.relative(process.cwd(), path.join(MANIFESTS, f));

describe("engine: manifest source", () => {
    it("maps apiVersion and kind to Pulumi type tokens (core group for v1)", () => {
        assert.equal(typeToken("v1", "Pod"), "kubernetes:core/v1:Pod");
        assert.equal(typeToken("apps/v1", "Deployment"), "kubernetes:apps/v1:Deployment");
        assert.equal(typeToken("rbac.authorization.k8s.io/v1", "Role"), "kubernetes:rbac.authorization.k8s.io/v1:Role");
    });

    it("reads every document of a multi-document file with its line, name and namespace", () => {
        const rs = loadManifests([rel("multi.yaml")]);
        assert.deepEqual(
            rs.map((r) => [r.type, r.name, r.source?.line]),
            [
                ["kubernetes:core/v1:Namespace", "shop", 2],
                ["kubernetes:core/v1:Pod", "debug", 10],
                ["kubernetes:apps/v1:Deployment", "web", 24],
            ],
        );
        assert.equal(rs[1].urn, "urn:pulumi:scan::manifests::kubernetes:core/v1:Pod::shop/debug");
        assert.equal((rs[1].props as any).spec.containers[0].securityContext.privileged, true);
    });

    it("expands a List into its items, each at its own line, in install order", () => {
        const rs = loadManifests([rel("list.yaml")]);
        assert.deepEqual(
            rs.map((r) => [r.type, r.name, r.source?.line]),
            [
                ["kubernetes:core/v1:ServiceAccount", "builder", 4],
                ["kubernetes:core/v1:Pod", "runner", 9],
            ],
        );
    });

    it("orders resources as Kubernetes installs them: Namespaces and RBAC before workloads", () => {
        const rs = loadManifests([rel("list.yaml"), rel("multi.yaml"), rel("dir")]);
        const kinds = rs.map((r) => r.type.split(":")[2]);
        assert.deepEqual(kinds, ["Namespace", "Namespace", "ServiceAccount", "Role", "Pod", "Pod", "Deployment"]);
    });

    it("walks directories recursively for .yaml, .yml and .json only", () => {
        const rs = loadManifests([rel("dir")]);
        assert.deepEqual(rs.map((r) => `${r.name}@${path.basename(r.source!.file)}:${r.source!.line}`), ["json-ns@ns.json:1", "reader@role.yml:1"]);
    });

    it("reads stdin for '-'", () => {
        const rs = loadManifests(["-"], { stdin: () => "apiVersion: v1\nkind: Pod\nmetadata: {name: from-stdin}\n" });
        assert.equal(rs[0].name, "from-stdin");
        assert.equal(rs[0].source?.file, "<stdin>");
    });

    it("marks a Secret's data as a Pulumi secret, as @pulumi/kubernetes does", () => {
        const [s] = loadManifests([rel("secret.yaml")]);
        assert.ok(SECRET_KEY in ((s.props as any).stringData as object));
    });

    it("names file and line of malformed YAML", () => {
        assert.throws(() => loadManifests([rel("malformed.yaml")]), /malformed\.yaml:\d+:\d+: malformed YAML/);
    });

    it("names file and line of an object without apiVersion or kind", () => {
        assert.throws(() => parseManifests("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nmetadata: {name: b}\n", "x.yaml"), /^UserError: x\.yaml:5: object has no apiVersion or kind$/);
    });

    it("rejects a missing path with a one-line error", () => {
        assert.throws(() => loadManifests(["does/not/exist.yaml"]), /does\/not\/exist\.yaml: no such file or directory/);
    });
});
