import { strict as assert } from "assert";
import { reconcileConfig } from "../../engine/analyzer/config";
import type { PolicyInfo } from "../../engine/model";

function policy(name: string, level: PolicyInfo["defaultLevel"], properties: Record<string, unknown> = {}): PolicyInfo {
    return {
        name,
        description: "",
        kind: "resource",
        defaultLevel: level,
        enforcementLevel: level,
        severity: "low",
        remediationSteps: "",
        url: "",
        tags: [],
        measure: null,
        layer: null,
        hexad: [],
        configSchema: { properties, required: [] },
    };
}

describe("engine: policy pack config reconciliation", () => {
    const policies = [policy("a", "advisory", { max: { type: "integer", default: 3 } }), policy("b", "mandatory"), policy("c", "disabled")];

    it("starts from each policy's level and schema defaults", () => {
        const r = reconcileConfig(policies, {}, undefined);
        assert.deepEqual(r.get("a"), { enforcementLevel: "advisory", properties: { max: 3 } });
        assert.equal(r.get("c")!.enforcementLevel, "disabled");
    });

    it("applies the pack's initial config, then the user's; 'all' first, named policies override it", () => {
        const r = reconcileConfig(policies, { b: "advisory" }, { all: "mandatory", c: "disabled", a: { enforcementLevel: "remediate", max: 7 } });
        assert.deepEqual(r.get("a"), { enforcementLevel: "remediate", properties: { max: 7 } });
        assert.equal(r.get("b")!.enforcementLevel, "mandatory");
        assert.equal(r.get("c")!.enforcementLevel, "disabled");
    });

    it("accepts policies of the library's other pack, so one file serves several packs", () => {
        assert.doesNotThrow(() => reconcileConfig(policies, {}, { "onprem-kubelet-anonymous-auth": "mandatory", "aks-sku-tier": "advisory" }));
    });

    it("rejects a policy name no pack has, naming the key and the closest known name", () => {
        assert.throws(() => reconcileConfig(policies, {}, { "pss-privilged": "mandatory" }, "cfg.json"), /^UserError: cfg\.json: 'pss-privilged' is not a policy of this pack or of the library \(did you mean 'pss-privileged'\?\)$/);
        assert.throws(() => reconcileConfig(policies, {}, { zzzz: "mandatory" }, "cfg.json"), /^UserError: cfg\.json: 'zzzz' is not a policy of this pack or of the library$/);
    });

    it("rejects an unknown option of a policy, naming it and the closest option", () => {
        assert.throws(() => reconcileConfig(policies, {}, { a: { mx: 3 } }, "cfg.json"), /^UserError: cfg\.json: policy 'a': unknown option 'mx' \(did you mean 'max'\?\)$/);
    });

    it("rejects a property that violates the policy's schema, naming file, policy and property", () => {
        assert.throws(() => reconcileConfig(policies, {}, { a: { max: "ten" } }, "cfg.json"), /^UserError: cfg\.json: policy 'a': property 'max' must be integer$/);
    });

    it("rejects an unknown enforcement level", () => {
        assert.throws(() => reconcileConfig(policies, {}, { b: "sometimes" as any }, "cfg.json"), /cfg\.json: policy 'b': unknown enforcement level 'sometimes'/);
    });
});
