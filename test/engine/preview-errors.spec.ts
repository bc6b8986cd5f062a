// A program error names its resource and the property the SDK names; SARIF from a preview is valid
// SARIF 2.1.0 (the OASIS schema, as shipped by @microsoft/jest-sarif) with file locations.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { tmpProject } from "../helpers/tmp-project";
import { runCli } from "./helpers";

describe("engine: ksl preview errors and SARIF locations", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("a program error names the resource (type and name) and the property", async () => {
        const dir = tmpProject("errors", {
            "index.ts": [
                'import * as authorization from "@pulumi/azure-native/authorization";',
                'new authorization.RoleAssignment("kubelet-acr-pull", { scope: "/subscriptions/x", roleDefinitionId: "/x" } as any);',
                "",
            ].join("\n"),
        });
        dirs.push(dir);
        const r = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "aks"]);
        assert.equal(r.code, 2);
        assert.match(r.stderr.trim(), /^ksl: program .*index\.ts \(stack 'dev'\) failed: authorization\.RoleAssignment "kubelet-acr-pull" \(index\.ts:2\): Missing required property 'principalId'$/);
    });

    it("SARIF from a preview validates against SARIF 2.1.0, each result located in the project's Pulumi.yaml", async () => {
        const dir = tmpProject("sarif", {
            "index.ts": 'import * as k8s from "@pulumi/kubernetes";\nnew k8s.core.v1.Pod("debug", { metadata: { namespace: "apps" }, spec: { containers: [{ name: "c", image: "nginx:1.27", securityContext: { privileged: true } }] } });\n',
        });
        dirs.push(dir);
        const r = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "aks", "--format", "sarif"], { cwd: dir });
        assert.equal(r.code, 1, r.stderr);
        const sarif: any = JSON.parse(r.stdout);
        const { $schema: _draft, id, ...rest } = JSON.parse(fs.readFileSync(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
        // The schema is draft-04; it uses nothing draft-07 reads differently (no boolean exclusive bounds), only `id` for `$id`.
        const schema = { $id: id, ...rest };
        const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
        const validate = ajv.compile(schema);
        assert.ok(validate(JSON.parse(r.stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
        const results = sarif.runs[0].results;
        assert.ok(results.length > 0);
        for (const res of results) {
            const loc = res.locations[0];
            assert.equal(loc.physicalLocation.artifactLocation.uri, "Pulumi.yaml");
            assert.match(loc.logicalLocations[0].fullyQualifiedName, /^urn:pulumi:dev::sarif::/);
        }
        assert.ok(fs.existsSync(path.join(dir, "Pulumi.yaml")));
    });
});
