// `ksl scan DIR` reads what `kubectl apply -R -f DIR` applies - dot-files and dot-directories
// included - held to the real kubectl (`kubectl label --local -R -f DIR -o name` lists what it
// reads); a directory it does not descend into (.git, node_modules) is named in a notice.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { renderTools } from "../helpers/render-tools";
import { scratchPath } from "../helpers/scratch";
import { runCli } from "./helpers";

const pod = (name: string) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  containers: [{name: c, image: nginx:1.27, securityContext: {privileged: true}}]\n`;

describe("engine: files as kubectl selects them", function () {
    this.timeout(120_000);

    it("dot-files and dot-directories are scanned as kubectl applies them; skipped directories are named", async () => {
        const dir = path.dirname(scratchPath("scan-selection", "tree", "x"));
        const files: Record<string, string> = {
            "app.yaml": pod("app"),
            ".hidden.yaml": pod("hidden"),
            ".config/debug.yml": pod("debug"),
            "nested/.x/deep.json": JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "deep", namespace: "apps" }, spec: { containers: [{ name: "c", image: "nginx:1.27" }] } }),
            "README.md": "# not applied\n",
            "node_modules/pkg/pod.yaml": pod("vendored"),
            ".git/hooks.yaml": pod("git"),
        };
        for (const [rel, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), text);
        }
        const k = spawnSync(renderTools().kubectl, ["label", "--local", "-R", "-f", dir, "ksl=1", "-o", "name"], { encoding: "utf8", env: { ...process.env, KUBECONFIG: "/dev/null" } });
        assert.equal(k.status, 0, k.stderr);
        const kubectlReads = k.stdout.trim().split("\n").map((l) => l.replace(/^pod\//, "")).sort();
        assert.deepEqual(kubectlReads, ["app", "debug", "deep", "git", "hidden", "vendored"]);

        const r = await runCli(["scan", dir, "--pack", "onprem", "--format", "json"]);
        assert.equal(r.code, 1, r.stderr);
        const report = JSON.parse(r.stdout);
        const scanned = [...new Set((report.violations as Array<{ resource: { name: string } }>).map((v) => v.resource.name))].sort();
        const skipped = (report.notices as Array<{ kind: string; subject: string }>).filter((n) => n.kind === "not-checked").map((n) => path.basename(n.subject)).sort();
        assert.deepEqual(skipped, [".git", "node_modules"]);
        // What kubectl reads is scanned, but for what the notices name.
        assert.deepEqual(scanned, kubectlReads.filter((n) => !["git", "vendored"].includes(n)));
    });
});
