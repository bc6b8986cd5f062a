// Stack config as the CLI reads it: passphrase-encrypted secure values decrypted with
// PULUMI_CONFIG_PASSPHRASE(_FILE) and handed to the program as secrets; without the passphrase (or
// with another secrets provider) secret placeholders and one notice; a missing stack file is empty
// config. No secret value reaches any report.
import { strict as assert } from "assert";
import { createCipheriv, pbkdf2Sync, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { readProject, readStackConfig, SECRET_PLACEHOLDER } from "../../engine/sources/program";
import { tmpProject } from "../helpers/tmp-project";
import { runCli } from "./helpers";

const PASSPHRASE = "correct horse battery staple";
const CANARY = "registry.example.com/payments/api:canary-7f3a91";

/** Pulumi's passphrase provider: PBKDF2-SHA256(passphrase, salt, 1e6, 32) and AES-256-GCM `v1:<nonce>:<ct+tag>`. */
function encrypter(passphrase: string, salt = randomBytes(8)) {
    const key = pbkdf2Sync(passphrase, salt, 1_000_000, 32, "sha256");
    const encrypt = (plaintext: string) => {
        const nonce = randomBytes(12);
        const c = createCipheriv("aes-256-gcm", key, nonce);
        const ct = Buffer.concat([c.update(plaintext, "utf8"), c.final(), c.getAuthTag()]);
        return `v1:${nonce.toString("base64")}:${ct.toString("base64")}`;
    };
    return { encrypt, salt: `v1:${salt.toString("base64")}:${encrypt("pulumi")}` };
}

describe("engine: stack config as the Pulumi CLI reads it", function () {
    this.timeout(180_000);
    let dir: string;
    const saved = { passphrase: process.env.PULUMI_CONFIG_PASSPHRASE, file: process.env.PULUMI_CONFIG_PASSPHRASE_FILE };
    before(() => {
        // The tests set the passphrase explicitly where they want one.
        delete process.env.PULUMI_CONFIG_PASSPHRASE;
        delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
        dir = tmpProject("payments", {
            "index.ts": [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as k8s from "@pulumi/kubernetes";',
                "const config = new pulumi.Config();",
                "// A secret read with require(): the value is plain in the inputs, so only the engine's masking keeps it out of reports.",
                'new k8s.core.v1.Pod("api", { metadata: { namespace: "payments" }, spec: { containers: [{ name: "api", image: config.require("image") }] } });',
                "",
            ].join("\n"),
        });
        const { encrypt, salt } = encrypter(PASSPHRASE);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `encryptionsalt: ${salt}\nconfig:\n  payments:image:\n    secure: ${encrypt(CANARY)}\n  payments:replicas: "2"\n`);
        fs.writeFileSync(path.join(dir, "Pulumi.vault.yaml"), `secretsprovider: azurekeyvault://kv.vault.azure.net/keys/pulumi\nencryptedkey: ZXhhbXBsZQ==\nconfig:\n  payments:image:\n    secure: AAABAMVm\n`);
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
        if (saved.passphrase !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE = saved.passphrase;
        if (saved.file !== undefined) process.env.PULUMI_CONFIG_PASSPHRASE_FILE = saved.file;
    });

    it("decrypts passphrase-encrypted secure values and marks them secret", () => {
        process.env.PULUMI_CONFIG_PASSPHRASE = PASSPHRASE;
        try {
            const c = readStackConfig(readProject(dir), "dev");
            assert.equal(c.config["payments:image"], CANARY);
            assert.equal(c.config["payments:replicas"], "2");
            assert.deepEqual(c.secretKeys, ["payments:image"]);
            assert.deepEqual(c.notices, []);
        } finally {
            delete process.env.PULUMI_CONFIG_PASSPHRASE;
        }
    });

    it("previews with the passphrase: the program sees the value, no report shows it", async () => {
        for (const format of ["text", "json", "sarif"]) {
            const r = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "aks", "--format", format], { env: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE } });
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            assert.ok(!r.stdout.includes(CANARY) && !r.stderr.includes(CANARY), `${format}: the secret value leaked`);
            if (format === "json") assert.ok(/image=\\"\[secret\]\\"/.test(r.stdout) || r.stdout.includes('image=\\"[secret]\\"'), "the image finding is there, masked");
        }
    });

    it("reads PULUMI_CONFIG_PASSPHRASE_FILE, and refuses a wrong passphrase in one line", async () => {
        const file = path.join(dir, "passphrase.txt");
        fs.writeFileSync(file, `${PASSPHRASE}\n`);
        const ok = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "aks", "--format", "json"], { env: { PULUMI_CONFIG_PASSPHRASE_FILE: file } });
        assert.ok(ok.code === 0 || ok.code === 1, ok.stderr);
        assert.deepEqual(JSON.parse(ok.stdout).notices, []);
        const bad = await runCli(["preview", "--project", dir, "--stack", "dev", "--pack", "aks"], { env: { PULUMI_CONFIG_PASSPHRASE: "wrong" } });
        assert.equal(bad.code, 2);
        assert.match(bad.stderr.trim(), /^ksl: .*Pulumi\.dev\.yaml: incorrect passphrase/);
    });

    it("without a passphrase, and with another secrets provider: placeholders and one notice", async () => {
        for (const stack of ["dev", "vault"]) {
            const r = await runCli(["preview", "--project", dir, "--stack", stack, "--pack", "aks", "--format", "json"]);
            assert.ok(r.code === 0 || r.code === 1, r.stderr);
            const notices = JSON.parse(r.stdout).notices;
            assert.equal(notices.length, 1, JSON.stringify(notices));
            assert.match(notices[0].message, stack === "vault" ? /1 secure config value not decrypted \(the stack uses the azurekeyvault secrets provider/ : /1 secure config value not decrypted \(PULUMI_CONFIG_PASSPHRASE/);
        }
        assert.equal(readStackConfig(readProject(dir), "vault").config["payments:image"], SECRET_PLACEHOLDER);
    });

    it("a stack without a Pulumi.<stack>.yaml previews with empty config", () => {
        const c = readStackConfig(readProject(dir), "fresh");
        assert.deepEqual(c.config, {});
    });
});
