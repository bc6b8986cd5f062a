#!/usr/bin/env node
// Writes policypacks/lib/bootstrap-roles.json: the ClusterRoles every Kubernetes API server creates
// at start-up (its RBAC bootstrap policy), with their labels, aggregation rules and rules, for the
// Kubernetes versions the packs support. Read from Kubernetes' own golden files
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/{cluster-roles,controller-roles}.yaml)
// in the k8s.io/kubernetes module, fetched with `go mod download` from the Go module proxy
// (checksums verified). A role's rules are the union over the versions. Run by hand when a
// Kubernetes minor is added: `node scripts/gen-bootstrap-roles.js`.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const VERSIONS = ["v1.33.0", "v1.34.0", "v1.35.0"];
const FILES = ["cluster-roles.yaml", "controller-roles.yaml"];
const DIR = "plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata";

const roles = {};
for (const version of VERSIONS) {
    const info = JSON.parse(execFileSync("go", ["mod", "download", "-json", `k8s.io/kubernetes@${version}`], { encoding: "utf8", env: { ...process.env, GOFLAGS: "-mod=mod" } }));
    if (!info.Dir) throw new Error(`k8s.io/kubernetes@${version}: ${info.Error ?? "not downloaded"}`);
    for (const file of FILES) {
        const list = YAML.parse(fs.readFileSync(path.join(info.Dir, DIR, file), "utf8"));
        for (const role of list.items) {
            const name = role.metadata.name;
            const have = (roles[name] ??= { labels: {}, rules: [], versions: [] });
            Object.assign(have.labels, role.metadata.labels ?? {});
            if (role.aggregationRule) have.aggregationRule = role.aggregationRule;
            for (const r of role.rules ?? []) {
                const key = JSON.stringify(r);
                if (!have.rules.some((x) => JSON.stringify(x) === key)) have.rules.push(r);
            }
            have.versions.push(version.replace(/^v(\d+\.\d+)\.\d+$/, "$1"));
        }
    }
}
const out = {
    source: `k8s.io/kubernetes ${VERSIONS.join(", ")}: ${DIR}/{${FILES.join(",")}}`,
    roles: Object.fromEntries(Object.keys(roles).sort().map((k) => [k, roles[k]])),
};
const target = path.join(__dirname, "..", "policypacks", "lib", "bootstrap-roles.json");
fs.writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
console.log(`${Object.keys(roles).length} ClusterRoles written to ${path.relative(process.cwd(), target)}`);
